"""Users and their API tokens: creating users with a role, issuing and revoking tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework.authtoken.models import Token

from qgov.core.roles import Role, sync_role_groups


def create_user(username: str, role: Role, password: str | None, *, email: str = "") -> Any:
    """Create a user holding exactly one built-in role; the password is checked by the validators."""
    User = get_user_model()
    username = username.strip()
    if not username:
        raise ValidationError("A user needs a username.")
    if User.objects.filter(username=username).exists():
        raise ValidationError(f"A user named '{username}' already exists.")
    with transaction.atomic():
        user = User(username=username, email=email)
        if password:
            validate_password(password, user)
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        set_role(user, role)
    return user


def set_role(user: Any, role: Role) -> None:
    if not Group.objects.filter(name=role.label).exists():
        sync_role_groups()
    role_groups = Group.objects.filter(name__in=[r.label for r in Role])
    user.groups.remove(*role_groups)
    user.groups.add(Group.objects.get(name=role.label))
    user._qgov_role = "unset"


def current_token(user: Any) -> Token | None:
    return Token.objects.filter(user=user).first()


def issue_token(user: Any) -> Token:
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user)


def revoke_token(user: Any) -> None:
    Token.objects.filter(user=user).delete()
