from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from okportal.page_cache import ContentVersion

# What the directory and the working groups' pages show; their cached copies go by it.
public_pages = ContentVersion("organisations")


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from . import models

        public_pages.watch(
            models.Organisation,
            models.PendingOrganisation,
            models.Representative,
            models.WorkingGroup,
            models.Membership,
            models.JoinRequest,
            models.Theme,
            models.Municipality,
            # what other apps hang on these pages: signatures (the directory's filter) and
            # meetings (the groups' pages)
            "agreements.Signature",
            "agreements.Meeting",
        )
