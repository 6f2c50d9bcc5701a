from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements")

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .caching import new_generation

        watched = [*self.get_models()]
        watched += [
            apps.get_model("organisations", name) for name in ("Organisation", "WorkingGroup")
        ]
        for model in watched:
            post_save.connect(
                new_generation, sender=model, dispatch_uid=f"agreements-cache-{model}"
            )
            post_delete.connect(
                new_generation, sender=model, dispatch_uid=f"agreements-cache-del-{model}"
            )
        section = self.get_model("Section")
        for through in (section.principles.through, section.minutes_items.through):
            m2m_changed.connect(
                new_generation, sender=through, dispatch_uid=f"agreements-cache-{through}"
            )
