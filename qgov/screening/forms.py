"""Web forms of screening: importing a list, deciding an alert, uploading a party CSV."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from qgov.screening.choices import DispositionDecision
from qgov.screening.current import MATCH_LIMIT
from qgov.screening.models import SOURCE_NAME


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern): cleans to a list of uploads."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else single(data, initial)


class ListImportForm(forms.Form):
    files = MultipleFileField(
        label="List files",
        help_text=(
            "One list file (UN XML, trade.gov CSL CSV, BIS DPL, FollowTheMoney JSON lines), all files of "
            "an OFAC set together (sdn.csv, alt.csv, add.csv, sdn_comments.csv), or a zip of either."
        ),
    )
    source = forms.CharField(
        required=False,
        max_length=60,
        validators=[SOURCE_NAME],
        label="List name",
        help_text="Leave empty to use the list's own name (us-ofac-sdn, un-sc, us-csl ...).",
    )


class DispositionForm(forms.Form):
    decision = forms.ChoiceField(choices=DispositionDecision.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text="What you compared (birth date, nationality, identifiers, addresses) and why.",
    )
    evidence = MultipleFileField(required=False, label="Evidence files")
    evidence_date = forms.DateField(
        required=False,
        label="Evidence dated",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="When the evidence's content applies (default: today).",
    )
    evidence_description = forms.CharField(required=False, max_length=200, label="Evidence description")

    def clean_evidence(self) -> list[Any]:
        value = self.cleaned_data.get("evidence")
        return list(value) if value else []

    def clean_evidence_date(self) -> Any:
        return self.cleaned_data.get("evidence_date") or timezone.localdate()


class BulkScreeningForm(forms.Form):
    file = forms.FileField(
        label="Party CSV", help_text="Columns: name (required), id, kind, country, birth_date."
    )
    threshold = forms.FloatField(
        required=False,
        min_value=0.0,
        max_value=1.0,
        help_text="Report matches scoring at least this (empty: the alerting threshold in force).",
    )
    limit = forms.IntegerField(
        initial=MATCH_LIMIT, min_value=1, max_value=50, help_text="Matches per row, best first."
    )
