from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "onestop.organizations"
    label = "organizations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from onestop.organizations.models import AdministrativeUnit, StaffPost

        # Scoped reads cache the unit tree; any saved or deleted unit (admin included) drops it.
        post_save.connect(_tree_changed, sender=AdministrativeUnit, dispatch_uid="scope-tree-save")
        post_delete.connect(_tree_changed, sender=AdministrativeUnit, dispatch_uid="scope-tree-delete")
        # Posts read in a request are kept for the rest of it; a post written meanwhile drops them.
        post_save.connect(_posts_changed, sender=StaffPost, dispatch_uid="scope-posts-save")
        post_delete.connect(_posts_changed, sender=StaffPost, dispatch_uid="scope-posts-delete")


def _tree_changed(**_kwargs: Any) -> None:
    from onestop.organizations.scope import unit_tree_changed

    unit_tree_changed()


def _posts_changed(**_kwargs: Any) -> None:
    from onestop.organizations.scope import posts_changed

    posts_changed()
