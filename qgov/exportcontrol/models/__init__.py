"""The export-control register: items, their classification records, licences, transaction checks,
releases reportable under 15 CFR 743.8, and the review tasks a rule-pack change raises."""

from qgov.exportcontrol.models.checks import Release, TransactionCheck
from qgov.exportcontrol.models.classification import ClassificationDecision, ClassificationProposal
from qgov.exportcontrol.models.licences import Licence, LicenceDrawdown
from qgov.exportcontrol.models.register import Item, ItemEvidence, ItemParameter, ItemParty
from qgov.exportcontrol.models.reviews import ReviewTask, RulePackCheckRun

__all__ = [
    "ClassificationDecision",
    "ClassificationProposal",
    "Item",
    "ItemEvidence",
    "ItemParameter",
    "ItemParty",
    "Licence",
    "LicenceDrawdown",
    "Release",
    "ReviewTask",
    "RulePackCheckRun",
    "TransactionCheck",
]
