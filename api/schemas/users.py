from __future__ import annotations

from typing import ClassVar

from marshmallow import fields, validate

from api.schemas.common import StrictSchema
from inspect_app.models.user import DEPARTMENTS, ROLES

# The largest value an INTEGER primary key holds; beyond it the database itself errs (500).
MAX_ID = 2**31 - 1


class NulFreeString(fields.String):
    """A string without NUL characters, which PostgreSQL cannot store or compare (500).

    Used for every stored or queried text field; belongs in ``common.py`` for all schemas.
    """

    default_error_messages: ClassVar[dict[str, str]] = {
        "nul": "不能包含空字符 / Must not contain NUL characters"
    }

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in value:
            raise self.make_error("nul")
        return value


class UserSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    username = NulFreeString(required=True, validate=validate.Length(min=1, max=64))
    display_name = NulFreeString(validate=validate.Length(min=1, max=100))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    department = fields.String(allow_none=True, validate=validate.OneOf(DEPARTMENTS))
    institution_id = fields.Integer(
        allow_none=True, strict=True, validate=validate.Range(min=1, max=MAX_ID)
    )


class UserCreateSchema(UserSchema):
    password = fields.String(
        required=True, load_only=True, validate=validate.Length(min=8, max=256)
    )


class UserQuerySchema(StrictSchema):
    role = fields.String(validate=validate.OneOf(ROLES))
