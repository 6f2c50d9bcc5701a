from django.core.management.base import BaseCommand
from django.db import transaction

from okportal import demo


class Command(BaseCommand):
    help = "Load the demo content (again): changes nothing that is already there."

    def handle(self, *args, **options):
        with transaction.atomic():
            demo.load_all(self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content loaded. Coordinator: {demo.COORDINATOR_EMAIL} "
                f"/ {demo.COORDINATOR_PASSWORD}"
            )
        )
