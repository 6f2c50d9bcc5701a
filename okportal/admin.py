from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import mail
from .models import OutgoingMail, User

admin.site.register(User, UserAdmin)


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    list_display = [
        "subject",
        "recipient",
        "template",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["status", "template"]
    search_fields = ["recipient", "subject", "key"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutgoingMail._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=gettext_lazy("Try the failed messages again"))
    def retry(self, request, queryset):
        count = mail.retry(queryset)
        self.message_user(
            request, _("%(count)s messages are queued again.") % {"count": count}, messages.SUCCESS
        )
