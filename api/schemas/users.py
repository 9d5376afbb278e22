from __future__ import annotations

from marshmallow import fields, validate

from api.schemas.common import StrictSchema
from inspect_app.accounts.models import DEPARTMENTS, ROLES
from inspect_app.db import MAX_ID


class UserSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    username = fields.String(required=True, validate=validate.Length(min=1, max=64))
    display_name = fields.String(validate=validate.Length(min=1, max=100))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    department = fields.String(allow_none=True, validate=validate.OneOf(DEPARTMENTS))
    institution_id = fields.Integer(
        allow_none=True, strict=True, validate=validate.Range(min=1, max=MAX_ID)
    )
    enforcement_cert_no = fields.String(allow_none=True, validate=validate.Length(max=32))
    active = fields.Boolean(attribute="is_active", dump_only=True)
    password_change_required = fields.Boolean(
        dump_only=True,
        metadata={"description": "须先修改密码 / The bureau reset the password: change it first"},
    )


class UserCreateSchema(UserSchema):
    password = fields.String(
        required=True, load_only=True, validate=validate.Length(min=1, max=256)
    )


class UserQuerySchema(StrictSchema):
    role = fields.String(validate=validate.OneOf(ROLES))


class UserPatchSchema(StrictSchema):
    display_name = fields.String(validate=validate.Length(min=1, max=100))
    department = fields.String(allow_none=True, validate=validate.OneOf(DEPARTMENTS))
    enforcement_cert_no = fields.String(allow_none=True, validate=validate.Length(max=32))
    active = fields.Boolean()


class PasswordChangeSchema(StrictSchema):
    old_password = fields.String(required=True, validate=validate.Length(min=1, max=256))
    new_password = fields.String(required=True, validate=validate.Length(min=1, max=256))


class PasswordResetSchema(StrictSchema):
    new_password = fields.String(required=True, validate=validate.Length(min=1, max=256))
