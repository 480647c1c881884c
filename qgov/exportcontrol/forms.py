"""Web forms of the export-control register.

The parameter fields of an item depend on its category: ParameterForm is built from the engine's
parameter table (one row per parameter: value, source, where in the source, statistic where the rules
test one, date of the figure), so the form offers exactly what the classifier reads.
"""

from __future__ import annotations

from typing import Any

from django import forms

from qgov.core.countries import country_choices
from qgov.exportcontrol.choices import (
    CATEGORY_CHOICES,
    ITEM_KIND_CHOICES,
    PURPOSE_CHOICES,
    TRANSACTION_KIND_CHOICES,
    CheckOutcome,
    ItemPartyRole,
    LeavingFor,
    LicenceKind,
    ParameterSource,
    Statistic,
    TaskStatus,
)
from qgov.exportcontrol.models import Item, Licence
from qgov.exportcontrol.parameters import CATEGORY_PARAMETERS, OPEN_CATEGORY, Kind, ParameterSpec
from qgov.exportcontrol.services.engine_io import STATISTIC_SUFFIX, statistic_parameter
from qgov.exportcontrol.services.items import ItemData, ParameterData
from qgov.parties.models import Party

COUNTRY_CHOICES = [("", "—"), *country_choices()]


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


YES_NO_UNKNOWN = [("", "Not stated"), ("yes", "Yes"), ("no", "No")]


def split_list(text: str) -> list[str]:
    return [part for part in text.replace(",", " ").split() if part]


def tri_state(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def tri_state_initial(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


class ItemForm(forms.Form):
    name = forms.CharField(max_length=300)
    reference = forms.CharField(max_length=100, required=False, help_text="Your part or document number.")
    item_kind = forms.ChoiceField(choices=ITEM_KIND_CHOICES, label="Kind")
    category = forms.ChoiceField(
        choices=[("", "—"), *CATEGORY_CHOICES],
        required=False,
        help_text="Commodities: decides the parameters.",
    )
    origin_country = forms.ChoiceField(choices=COUNTRY_CHOICES, required=False, label="Origin")
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    for_entries = forms.CharField(
        required=False,
        label="For entries",
        help_text='Software and technology: the entries it is for, e.g. "4A906.b 3A904".',
    )
    purpose = forms.ChoiceField(
        choices=[("", "—"), *PURPOSE_CHOICES], required=False, help_text="Software and technology."
    )

    def __init__(self, *args: Any, fields_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if fields_url:  # a change of kind or category swaps the parameter fieldset (HTMX)
            swap = {
                "hx-get": fields_url,
                "hx-target": "#parameter-fieldset",
                "hx-include": "[name=item_kind],[name=category]",
                "hx-trigger": "change",
            }
            for name in ("item_kind", "category"):
                self.fields[name].widget.attrs.update(swap)

    @classmethod
    def initial_for(cls, item: Item) -> dict[str, Any]:
        return {
            "name": item.name,
            "reference": item.reference or "",
            "item_kind": item.item_kind,
            "category": item.category,
            "origin_country": item.origin_country,
            "description": item.description,
            "for_entries": " ".join(item.for_entries or []),
            "purpose": item.purpose,
        }


def parameter_specs(item_kind: str, category: str) -> list[ParameterSpec]:
    """The parameters a form row is offered for; a statistic is a column of its figure, not a row."""
    if item_kind != "commodity" or not category or category == OPEN_CATEGORY:
        return []
    specs = CATEGORY_PARAMETERS.get(category, {})
    return [
        spec
        for name, spec in specs.items()
        if not (name.endswith(STATISTIC_SUFFIX) and name.removesuffix(STATISTIC_SUFFIX) in specs)
    ]


def _value_field(spec: ParameterSpec) -> forms.Field:
    label = spec.name.replace("_", " ")
    if spec.kind is Kind.BOOLEAN:
        return forms.ChoiceField(
            choices=[("", "—"), ("true", "Yes"), ("false", "No")], required=False, label=label
        )
    if spec.kind is Kind.CHOICE:
        return forms.ChoiceField(
            choices=[("", "—"), *((c, c) for c in spec.choices)], required=False, label=label
        )
    hint = (
        "a whole number" if spec.kind is Kind.COUNT else f"in {spec.unit_label} or any unit of its dimension"
    )
    return forms.CharField(
        max_length=100,
        required=False,
        label=label,
        help_text=spec.description or hint,
        widget=forms.TextInput(attrs={"placeholder": spec.unit_label if spec.kind is Kind.QUANTITY else ""}),
    )


class ParameterForm(forms.Form):
    """One row per parameter of a category; field names are "<parameter>__value", "__source" ..."""

    def __init__(self, *args: Any, item_kind: str, category: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item_kind, self.category = item_kind, category
        self.specs = parameter_specs(item_kind, category)
        for spec in self.specs:
            name = spec.name
            words = name.replace("_", " ")
            self.fields[f"{name}__value"] = _value_field(spec)
            self.fields[f"{name}__source"] = forms.ChoiceField(
                choices=[("", "—"), *ParameterSource.choices], required=False, label=f"{words}: source"
            )
            self.fields[f"{name}__reference"] = forms.CharField(
                max_length=200, required=False, label=f"{words}: where in the source"
            )
            if statistic_parameter(category, name):
                self.fields[f"{name}__statistic"] = forms.ChoiceField(
                    choices=[("", "—"), *Statistic.choices], required=False, label=f"{words}: statistic"
                )
            self.fields[f"{name}__date"] = forms.DateField(
                required=False, widget=date_input(), label=f"{words}: date of figure"
            )
            for column in ("source", "reference", "statistic", "date"):
                field = self.fields.get(f"{name}__{column}")
                if field is not None:  # the table's header labels the column; the input names itself
                    field.widget.attrs["aria-label"] = str(field.label)

    @property
    def category_label(self) -> str:
        return dict(CATEGORY_CHOICES).get(self.category, self.category)

    @classmethod
    def initial_for(cls, item: Item) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for p in item.parameters.all():
            initial.update(
                {
                    f"{p.name}__value": p.value,
                    f"{p.name}__source": p.source,
                    f"{p.name}__reference": p.source_reference,
                    f"{p.name}__statistic": p.statistic,
                    f"{p.name}__date": p.figure_date,
                }
            )
        return initial

    def rows(self) -> list[dict[str, Any]]:
        """For the template: each parameter with its bound fields, by column."""
        return [
            {
                "spec": spec,
                **{
                    column: self[f"{spec.name}__{column}"]
                    for column in ("value", "source", "reference", "statistic", "date")
                    if f"{spec.name}__{column}" in self.fields
                },
            }
            for spec in self.specs
        ]

    def parameters(self) -> list[ParameterData]:
        data = self.cleaned_data
        return [
            ParameterData(
                name=spec.name,
                value=data.get(f"{spec.name}__value") or "",
                source=data.get(f"{spec.name}__source") or "",
                source_reference=data.get(f"{spec.name}__reference") or "",
                statistic=data.get(f"{spec.name}__statistic") or "",
                figure_date=data.get(f"{spec.name}__date"),
            )
            for spec in self.specs
            if data.get(f"{spec.name}__value")
        ]

    def add_engine_error(self, parameter: str, message: str) -> bool:
        field = f"{parameter}__value"
        if field in self.fields:
            self.add_error(field, message)
            return True
        return False


def item_data_from(form: ItemForm, parameters: ParameterForm) -> ItemData:
    data = form.cleaned_data
    return ItemData(
        name=data["name"],
        reference=data["reference"],
        item_kind=data["item_kind"],
        category=data["category"],
        origin_country=data["origin_country"],
        description=data["description"],
        for_entries=split_list(data["for_entries"]),
        purpose=data["purpose"],
        parameters=parameters.parameters(),
    )


class EvidenceForm(forms.Form):
    file = forms.FileField()
    kind = forms.ChoiceField(choices=ParameterSource.choices, initial=ParameterSource.DATASHEET)
    description = forms.CharField(max_length=200, required=False)
    effective_date = forms.DateField(widget=date_input(), help_text="The date from which its figures apply.")
    expires_on = forms.DateField(widget=date_input(), required=False)


class ItemPartyForm(forms.Form):
    party = forms.ModelChoiceField(queryset=Party.objects.none())
    role = forms.ChoiceField(choices=ItemPartyRole.choices)

    def __init__(self, *args: Any, queryset: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = queryset  # type: ignore[attr-defined]


class ConfirmForm(forms.Form):
    proposal = forms.UUIDField(widget=forms.HiddenInput)
    note = forms.CharField(required=False, max_length=2000, label="Note (optional)")


class OverrideForm(forms.Form):
    proposal = forms.UUIDField(widget=forms.HiddenInput)
    entries = forms.MultipleChoiceField(
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 14}),
        help_text="The entries the item falls under; none means not controlled.",
    )
    justification = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = choices  # type: ignore[attr-defined]


class LicenceForm(forms.Form):
    reference = forms.CharField(max_length=100, help_text="Licence number, or the exception's code (IEC).")
    kind = forms.ChoiceField(choices=LicenceKind.choices)
    jurisdiction = forms.CharField(max_length=20, initial="US-EAR")
    authority = forms.CharField(max_length=120, required=False)
    provision = forms.CharField(max_length=200, required=False, help_text="As cited: 15 CFR 740.24 ...")
    entries = forms.CharField(required=False, help_text="Entries covered, e.g. 3A904 4E906.a; empty: any.")
    destinations = forms.CharField(required=False, help_text="Country codes, e.g. DE FR; empty: any.")
    transaction_kinds = forms.MultipleChoiceField(
        choices=TRANSACTION_KIND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None: any.",
    )
    holder = forms.ModelChoiceField(queryset=Party.objects.none(), required=False)
    consignee = forms.ModelChoiceField(queryset=Party.objects.none(), required=False)
    end_user = forms.ModelChoiceField(queryset=Party.objects.none(), required=False)
    conditions = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    valid_from = forms.DateField(widget=date_input())
    expires_on = forms.DateField(widget=date_input(), required=False)
    quantity_limit = forms.DecimalField(required=False, max_digits=14, decimal_places=3)
    value_limit = forms.DecimalField(required=False, max_digits=16, decimal_places=2)
    currency = forms.CharField(max_length=3, initial="USD")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, parties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("holder", "consignee", "end_user"):
            self.fields[name].queryset = parties  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, licence: Licence) -> dict[str, Any]:
        return {
            **{
                f: getattr(licence, f)
                for f in ("reference", "kind", "jurisdiction", "authority", "provision")
            },
            "entries": " ".join(licence.entries),
            "destinations": " ".join(licence.destinations),
            "transaction_kinds": list(licence.transaction_kinds),
            **{
                f: getattr(licence, f)
                for f in ("holder", "consignee", "end_user", "conditions", "valid_from")
            },
            **{
                f: getattr(licence, f)
                for f in ("expires_on", "quantity_limit", "value_limit", "currency", "notes")
            },
        }


class CheckForm(forms.Form):
    item = forms.ModelChoiceField(queryset=Item.objects.none())
    kind = forms.ChoiceField(choices=TRANSACTION_KIND_CHOICES, label="Transaction")
    date = forms.DateField(
        widget=date_input(), help_text="Ship or release date: it selects the rules in force."
    )
    from_country = forms.ChoiceField(
        choices=COUNTRY_CHOICES, required=False, label="From", help_text="Where it ships from or is released."
    )
    destination = forms.ChoiceField(
        choices=COUNTRY_CHOICES,
        required=False,
        help_text="Shipments; a release goes to the person's country.",
    )
    consignee = forms.ModelChoiceField(queryset=Party.objects.none(), required=False)
    end_user = forms.ModelChoiceField(queryset=Party.objects.none(), required=False, label="End user")
    recipient = forms.ModelChoiceField(
        queryset=Party.objects.none(), required=False, help_text="Deemed export or reexport: the person."
    )
    releasing_entity = forms.ModelChoiceField(
        queryset=Party.objects.none(), required=False, help_text="Who releases (for the 743.8 report)."
    )
    most_recent_country = forms.ChoiceField(
        choices=COUNTRY_CHOICES,
        required=False,
        label="Most recent citizenship or residency",
        help_text="Only if the person has several and you know which is most recent.",
    )
    employed_since = forms.DateField(
        widget=date_input(), required=False, help_text="Empty: the employment start recorded in the registry."
    )
    prohibited_stated = forms.ChoiceField(
        choices=YES_NO_UNKNOWN, required=False, label="A prohibited party (screened outside qgov)?"
    )
    prohibited_end_use = forms.ChoiceField(
        choices=YES_NO_UNKNOWN, required=False, label="Prohibited end use known?"
    )
    published = forms.ChoiceField(choices=YES_NO_UNKNOWN, required=False, label="Published (15 CFR 734.7)?")
    fundamental_research = forms.ChoiceField(
        choices=YES_NO_UNKNOWN, required=False, label="Fundamental research to be published (15 CFR 734.8)?"
    )
    software_code = forms.ChoiceField(
        choices=[("", "—"), ("source", "Source code"), ("object", "Object code")], required=False
    )
    us_content_above_de_minimis = forms.ChoiceField(
        choices=YES_NO_UNKNOWN, required=False, label="Foreign-made: above de minimis US content?"
    )
    foreign_direct_product = forms.ChoiceField(
        choices=YES_NO_UNKNOWN, required=False, label="Foreign-made: a foreign direct product?"
    )
    quantity = forms.DecimalField(required=False, max_digits=14, decimal_places=3)
    value = forms.DecimalField(required=False, max_digits=16, decimal_places=2)
    currency = forms.CharField(max_length=3, initial="USD")
    end_use = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    TRI_STATE = (
        "prohibited_stated",
        "prohibited_end_use",
        "published",
        "fundamental_research",
        "us_content_above_de_minimis",
        "foreign_direct_product",
    )

    def __init__(self, *args: Any, items: Any, parties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items  # type: ignore[attr-defined]
        for name in ("consignee", "end_user", "releasing_entity"):
            self.fields[name].queryset = parties.filter(kind="organization")  # type: ignore[attr-defined]
        self.fields["recipient"].queryset = parties.filter(kind="person")  # type: ignore[attr-defined]

    def check_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in self.TRI_STATE:
            data[name] = tri_state(data[name])
        return data


class DecideCheckForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[
            (CheckOutcome.ALLOWED_UNDER_LICENCE, CheckOutcome.ALLOWED_UNDER_LICENCE.label),
            (CheckOutcome.ALLOWED_NO_LICENCE, CheckOutcome.ALLOWED_NO_LICENCE.label),
            (CheckOutcome.BLOCKED, CheckOutcome.BLOCKED.label),
        ]
    )
    licence = forms.ModelChoiceField(queryset=Licence.objects.none(), required=False)
    justification = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, licences: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["licence"].queryset = licences  # type: ignore[attr-defined]


class EndReleaseForm(forms.Form):
    last_day = forms.DateField(widget=date_input(), label="Last day")
    leaving_for = forms.ChoiceField(choices=LeavingFor.choices, label="Leaving for")


class TerminationReportForm(forms.Form):
    submitted_on = forms.DateField(widget=date_input(), label="Termination report sent on")


class ReviewTaskForm(forms.Form):
    status = forms.ChoiceField(choices=TaskStatus.choices)
    assignee = forms.ModelChoiceField(queryset=None, required=False)
    resolution = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = users  # type: ignore[attr-defined]
