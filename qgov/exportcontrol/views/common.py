"""Small helpers the export-control views share."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import Form


def show_errors(error: ValidationError, form: Form, *, fallback: Form | None = None) -> None:
    """Put a service's errors next to the fields they name (on `fallback` when `form` lacks the field)."""
    items: Any = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    for field, messages in items:
        for message in messages:
            if field in form.fields:
                form.add_error(field, message)
            elif fallback is not None and field in fallback.fields:
                fallback.add_error(field, message)
            else:
                form.add_error(None, message if field in (None, "__all__") else f"{field}: {message}")
