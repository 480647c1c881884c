"""Web forms of the party registry: plain fields plus small formsets for the repeating parts."""

from __future__ import annotations

from typing import Any

from django import forms

from qgov.core.countries import country_choices
from qgov.parties.choices import AliasType, CountryRole, IdentifierScheme, PartyKind, RelationshipType
from qgov.parties.models import Party
from qgov.parties.services import AddressData, PartyData

COUNTRY_CHOICES = [("", "—"), *country_choices()]


class PartyForm(forms.Form):
    kind = forms.ChoiceField(choices=PartyKind.choices)
    name = forms.CharField(max_length=300)
    reference = forms.CharField(
        max_length=100, required=False, help_text="Your own unique reference, optional."
    )
    aliases = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "One per line. Prefix with 'former:', 'trading:', 'local_script:' or 'abbreviation:' "
            "if not an a.k.a."
        ),
    )
    birth_date = forms.CharField(
        max_length=10, required=False, help_text="People only: YYYY, YYYY-MM or YYYY-MM-DD"
    )
    website = forms.URLField(required=False, assume_scheme="https")
    tags = forms.CharField(required=False, help_text="Separated by commas")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    @classmethod
    def initial_for(cls, party: Party) -> dict[str, Any]:
        return {
            "kind": party.kind,
            "name": party.name,
            "reference": party.reference or "",
            "aliases": "\n".join(
                a.name if a.alias_type == AliasType.AKA else f"{a.alias_type}:{a.name}"
                for a in party.aliases.all()
            ),
            "birth_date": party.birth_date,
            "website": party.website,
            "tags": ", ".join(t.name for t in party.tags.all()),
            "notes": party.notes,
        }

    def alias_pairs(self) -> list[tuple[str, str]]:
        pairs = []
        for line in self.cleaned_data["aliases"].splitlines():
            prefix, sep, rest = line.partition(":")
            if sep and prefix.strip() in AliasType.values:
                pairs.append((rest.strip(), prefix.strip()))
            elif line.strip():
                pairs.append((line.strip(), AliasType.AKA))
        return pairs


class CountryRowForm(forms.Form):
    country = forms.ChoiceField(choices=COUNTRY_CHOICES, required=False)
    role = forms.ChoiceField(choices=CountryRole.choices, initial=CountryRole.OPERATIONS)


class IdentifierRowForm(forms.Form):
    scheme = forms.ChoiceField(choices=[("", "—"), *IdentifierScheme.choices], required=False)
    value = forms.CharField(max_length=100, required=False)
    issuer_country = forms.ChoiceField(choices=COUNTRY_CHOICES, required=False, label="Issuer")


class AddressRowForm(forms.Form):
    street = forms.CharField(max_length=300, required=False)
    postal_code = forms.CharField(max_length=30, required=False)
    city = forms.CharField(max_length=120, required=False)
    region = forms.CharField(max_length=120, required=False)
    country = forms.ChoiceField(choices=COUNTRY_CHOICES, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any(data.get(k) for k in ("street", "postal_code", "city", "region")) and not data.get("country"):
            self.add_error("country", "An address needs its country.")
        return data


CountryFormSet = forms.formset_factory(CountryRowForm, extra=2)
IdentifierFormSet = forms.formset_factory(IdentifierRowForm, extra=2)
AddressFormSet = forms.formset_factory(AddressRowForm, extra=1)


def party_data_from(form: PartyForm, countries: Any, identifiers: Any, addresses: Any) -> PartyData:
    data = form.cleaned_data
    return PartyData(
        name=data["name"],
        kind=data["kind"],
        reference=data["reference"],
        birth_date=data["birth_date"],
        website=data["website"],
        notes=data["notes"],
        aliases=form.alias_pairs(),
        countries=[(r["country"], r["role"]) for r in countries.cleaned_data if r.get("country")],
        identifiers=[
            (r["scheme"], r["value"], r.get("issuer_country", ""))
            for r in identifiers.cleaned_data
            if r.get("scheme")
        ],
        addresses=[
            AddressData(
                country=r["country"],
                street=r["street"],
                city=r["city"],
                region=r["region"],
                postal_code=r["postal_code"],
            )
            for r in addresses.cleaned_data
            if r.get("country")
        ],
        tags=[t for t in data["tags"].split(",") if t.strip()],
    )


class RelationshipForm(forms.Form):
    type = forms.ChoiceField(choices=RelationshipType.choices, label="Relationship")
    target = forms.ModelChoiceField(queryset=Party.objects.none(), label="Other party")
    ownership_percent = forms.DecimalField(required=False, min_value=0, max_value=100, decimal_places=2)
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(max_length=300, required=False)

    def __init__(self, *args: Any, queryset: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = queryset  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    file = forms.FileField(help_text="CSV (UTF-8) or XLSX with a header row; see the column list below.")
