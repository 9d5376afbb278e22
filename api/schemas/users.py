from __future__ import annotations

from marshmallow import fields, validate

from api.schemas.common import NonEmptyPatch, Street, StrictBoolean, StrictSchema
from inspect_app.db import MAX_ID
from inspect_app.principal import STAFF_DEPARTMENTS, Role


class UserSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    username = fields.String(required=True, validate=validate.Length(min=1, max=64))
    display_name = fields.String(validate=validate.Length(min=1, max=100))
    role = fields.String(required=True, validate=validate.OneOf(list(Role)))
    department = fields.String(allow_none=True, validate=validate.OneOf(STAFF_DEPARTMENTS))
    institution_id = fields.Integer(
        allow_none=True, strict=True, validate=validate.Range(min=1, max=MAX_ID)
    )
    enforcement_cert_no = fields.String(allow_none=True, validate=validate.Length(max=32))
    street = Street(
        allow_none=True,
        metadata={"description": "街镇人员所属街镇 / A street officer's street (role street)"},
    )
    active = StrictBoolean(attribute="is_active", dump_only=True)
    password_change_required = StrictBoolean(
        dump_only=True,
        metadata={"description": "须先修改密码 / The bureau reset the password: change it first"},
    )


class UserCreateSchema(UserSchema):
    password = fields.String(
        required=True, load_only=True, validate=validate.Length(min=1, max=256)
    )


class UserQuerySchema(StrictSchema):
    role = fields.String(validate=validate.OneOf(list(Role)))


class UserPatchSchema(NonEmptyPatch):
    display_name = fields.String(validate=validate.Length(min=1, max=100))
    department = fields.String(allow_none=True, validate=validate.OneOf(STAFF_DEPARTMENTS))
    enforcement_cert_no = fields.String(allow_none=True, validate=validate.Length(max=32))
    active = StrictBoolean()


class OfficerSchema(StrictSchema):
    """An inspector as a colleague sees them when adding officers to a visit."""

    id = fields.Integer(required=True)
    display_name = fields.String(required=True)
    department = fields.String(allow_none=True, validate=validate.OneOf(STAFF_DEPARTMENTS))
    certified = fields.Function(
        lambda user: bool(user.enforcement_cert_no),
        required=True,
        metadata={
            "type": "boolean",
            "description": "holds an enforcement certificate (执法证): may sign the documents",
        },
    )


class PasswordChangeSchema(StrictSchema):
    old_password = fields.String(required=True, validate=validate.Length(min=1, max=256))
    new_password = fields.String(required=True, validate=validate.Length(min=1, max=256))


class PasswordResetSchema(StrictSchema):
    new_password = fields.String(required=True, validate=validate.Length(min=1, max=256))
