"""The fieldwork pages: the enumerator's interviews (``interviews``) and the coordinator's
fieldwork quality pages (``quality``: contact outcomes and back-checks)."""
