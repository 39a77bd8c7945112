from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

# The API reference pages are third-party UIs that style themselves inline
# (and Redoc runs a blob: worker). Only these two pages get that allowance;
# their scripts are still our own files (the split Swagger view serves its
# set-up script as a file, so no inline script anywhere).
_docs_csp = csp_update(
    {"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"], "img-src": ["data:"]}
)

urlpatterns = [
    path("v1/", include(("apps.api.v1.urls", "v1"))),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        _docs_csp(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="swagger-ui",
    ),
    path("redoc/", _docs_csp(SpectacularRedocView.as_view(url_name="schema")), name="redoc"),
]
