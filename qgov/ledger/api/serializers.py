from __future__ import annotations

from typing import Any

from rest_framework import serializers

from qgov.ledger.models import Checkpoint, LedgerEntry, VerificationRun


class LedgerEntrySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    entry = serializers.SerializerMethodField()

    class Meta:
        model = LedgerEntry
        fields = [
            "index",
            "recorded_at",
            "actor",
            "action",
            "subject_type",
            "subject_id",
            "leaf_hash",
            "signature",
            "entry",
        ]

    def get_entry(self, obj: LedgerEntry) -> dict[str, Any]:
        return obj.entry


class CheckpointSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Checkpoint
        fields = ["size", "root", "note", "signed_at"]


class VerificationRunSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = VerificationRun
        fields = [
            "finished_at",
            "ok",
            "size",
            "root",
            "first_bad_index",
            "reason",
            "checkpoints_checked",
            "seconds",
            "actor",
        ]
