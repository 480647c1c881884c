"""Fixed choices of the party registry."""

from django.db import models


class PartyKind(models.TextChoices):
    ORGANIZATION = "organization", "Organisation"
    PERSON = "person", "Person"


class AliasType(models.TextChoices):
    AKA = "aka", "Also known as"
    FORMER = "former", "Former name"
    TRADING = "trading", "Trading name"
    LOCAL_SCRIPT = "local_script", "Name in local script"
    ABBREVIATION = "abbreviation", "Abbreviation"


class CountryRole(models.TextChoices):
    INCORPORATION = "incorporation", "Incorporated in"
    OPERATIONS = "operations", "Operates in"
    CITIZENSHIP = "citizenship", "Citizen of"
    RESIDENCE = "residence", "Permanent resident of"
    NATIONALITY = "nationality", "Nationality"


class IdentifierScheme(models.TextChoices):
    LEI = "lei", "LEI"
    COMPANY_REGISTRATION = "company_registration", "Company registration number"
    TAX_ID = "tax_id", "Tax id"
    VAT = "vat", "VAT number"
    DUNS = "duns", "DUNS"
    PASSPORT = "passport", "Passport"
    NATIONAL_ID = "national_id", "National id"
    EMPLOYEE_ID = "employee_id", "Employee id"
    ORCID = "orcid", "ORCID"
    OTHER = "other", "Other"


class RelationshipType(models.TextChoices):
    SUBSIDIARY_OF = "subsidiary_of", "Subsidiary of"
    OWNED_BY = "owned_by", "Owned by"
    EMPLOYEE_OF = "employee_of", "Employee of"
    AGENT_FOR = "agent_for", "Agent for"
    DISTRIBUTOR_FOR = "distributor_for", "Distributor for"
    AFFILIATED_WITH = "affiliated_with", "Affiliated with"
    STUDENT_OF = "student_of", "Student of"
