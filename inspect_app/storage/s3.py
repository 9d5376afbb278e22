"""S3-compatible object storage through boto3 (AWS, MinIO, Aliyun OSS, Tencent COS ...).

A PUT is atomic: the object appears whole or not at all, so no temporary key is needed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import BinaryIO

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from inspect_app.storage import ObjectMissing, StoredObject

MISSING_CODES = {"404", "NoSuchKey", "NotFound"}


class S3Storage:
    list_page_size = 1000  # keys per listing request (S3's own maximum)

    def __init__(
        self,
        *,
        bucket: str,
        prefix: str = "",
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        addressing_style: str = "auto",
    ):
        self.bucket = bucket
        self.prefix = f"{prefix.strip('/')}/" if prefix.strip("/") else ""
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region,
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            config=Config(
                s3={"addressing_style": addressing_style},
                retries={"max_attempts": 3, "mode": "standard"},
                connect_timeout=5,
                read_timeout=30,
                # Many S3-compatible servers reject the newer default CRC checksums.
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            ),
        )

    @property
    def local_root(self) -> None:
        return None

    def check(self) -> None:
        self.client.head_bucket(Bucket=self.bucket)

    def _key(self, key: str) -> str:
        return self.prefix + key

    def put(self, key: str, source: BinaryIO, *, size: int, content_type: str) -> None:
        self.client.put_object(
            Bucket=self.bucket,
            Key=self._key(key),
            Body=_Limited(source, size),
            ContentLength=size,
            ContentType=content_type,
        )

    def put_bytes(self, key: str, data: bytes, *, content_type: str) -> None:
        self.client.put_object(
            Bucket=self.bucket, Key=self._key(key), Body=data, ContentType=content_type
        )

    def open(self, key: str) -> BinaryIO:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"]
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in MISSING_CODES:
                raise ObjectMissing(key) from None
            raise

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in MISSING_CODES:
                return False
            raise
        return True

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def iter_objects(self, prefix: str = "") -> Iterator[StoredObject]:
        """Page by page (``list_page_size`` keys a request), never the whole listing in memory."""
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket,
            Prefix=self._key(prefix),
            PaginationConfig={"PageSize": self.list_page_size},
        )
        for page in pages:
            for item in page.get("Contents", ()):
                yield StoredObject(
                    item["Key"][len(self.prefix) :], item["LastModified"], item["Size"]
                )

    def delete_if_older(self, key: str, cutoff: datetime) -> bool:
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in MISSING_CODES:
                return False
            raise
        if head["LastModified"] >= cutoff:
            return False
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))
        return True


class _Limited:
    """The first ``size`` bytes of a seekable stream, rewindable for botocore's retries."""

    def __init__(self, stream: BinaryIO, size: int):
        self._stream = stream
        self._start = stream.tell()
        self._size = size
        self._read = 0

    def read(self, n: int = -1) -> bytes:
        remaining = self._size - self._read
        if remaining <= 0:
            return b""
        data = self._stream.read(remaining if n is None or n < 0 else min(n, remaining))
        self._read += len(data)
        return data

    def seek(self, offset: int, whence: int = 0) -> int:
        if whence == 0:
            position = offset
        elif whence == 1:
            position = self._read + offset
        else:
            position = self._size + offset
        position = max(0, min(position, self._size))
        self._stream.seek(self._start + position)
        self._read = position
        return position

    def tell(self) -> int:
        return self._read

    def __len__(self) -> int:
        return self._size
