"""The dashboard of ``tidings serve``: server-rendered pages mounted on the API's app (``tidings.api.app``)."""
