"""Who may open a client-portal page: the one gate every view goes through."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


class ClientPortalMixin:
    """Signed-in clients only. Views read records through selectors keyed on
    ``request.user``, so a client only ever sees their own."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user.is_active or not user.is_client:
            raise PermissionDenied(_("The client portal is for Global Cool-Light's clients."))
        return super().dispatch(request, *args, **kwargs)
