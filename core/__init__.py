"""The kernel: shared machinery with no business rules.

- ``core.uploads``: the one upload checker (accepted types, messages, pixel-bomb guard, EXIF).
- ``core.files``: stored files removed again when the block that wrote them fails.
- ``core.models``: the abstract ``StoredFile`` that every app's file model inherits.
- ``core.forms``: multi-file field, date input, crispy base form, review form, ``save_form``.
- ``core.http``: the private-file response and safe redirects.
- ``core.audit``: saving a model with its audit entry in one call.
- ``core.reference``: idempotent loaders of reference data kept in plain modules.
"""
