from django.core.management.base import BaseCommand, CommandError

from agreements.models import Meeting
from dialogues.models import DialogueEvent
from invitations import inviting
from organisations.models import Organisation, WorkingGroup


class Command(BaseCommand):
    help = (
        "Invite working groups, organisations or addresses to a meeting, or with --event to a "
        "dialogue event (after a preview)."
    )

    def add_arguments(self, parser):
        parser.add_argument("meeting", nargs="?", help="the meeting's slug")
        parser.add_argument("--event", help="a dialogue event's slug, instead of a meeting")
        parser.add_argument("--group", action="append", default=[], help="a group's slug")
        parser.add_argument(
            "--organisation", action="append", default=[], help="an organisation's slug"
        )
        parser.add_argument("--email", action="append", default=[], help="an e-mail address")
        parser.add_argument("--dry-run", action="store_true", help="print the preview only")

    def handle(self, *args, **options):
        if bool(options["meeting"]) == bool(options["event"]):
            raise CommandError("Name a meeting, or a dialogue event with --event.")
        if options["event"]:
            target = self._get(DialogueEvent, options["event"])
        else:
            target = self._get(Meeting, options["meeting"])
        targets = {
            "groups": [self._get(WorkingGroup, slug) for slug in options["group"]],
            "organisations": [self._get(Organisation, slug) for slug in options["organisation"]],
            "emails": options["email"],
        }
        if not any(targets.values()):
            raise CommandError("Name at least one --group, --organisation or --email.")
        try:
            if options["dry_run"]:
                result = inviting.preview(target, **targets)
            else:
                result = inviting.invite(target, None, **targets)
        except inviting.InvitationError as error:
            raise CommandError(str(error)) from None
        verb = "would be invited" if options["dry_run"] else "invited"
        self.stdout.write(f"{target}: {len(result.recipients)} {verb}")
        for recipient in result.recipients:
            organisation = recipient.organisation.name if recipient.organisation else ""
            self.stdout.write(
                f"  {recipient.email}\t{recipient.name}\t{organisation}\t{recipient.language}"
            )
        for left in result.left_out:
            self.stdout.write(f"left out: {left.who} ({left.reason})")
        if not result.recipients:
            self.stdout.write("Nobody can be invited.")

    def _get(self, model, slug):
        try:
            return model.objects.get(slug=slug)
        except model.DoesNotExist:
            raise CommandError(f"No {model._meta.verbose_name} “{slug}”.") from None
