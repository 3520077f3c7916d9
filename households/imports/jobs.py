"""Running an import job: parse the stored file (progress on the job row), then save it on request.

The upload stores the file on a new ImportJob and starts the parse after the response: in a
background thread (settings.IMPORTS_IN_BACKGROUND, the default; it works the same under runserver and
gunicorn, since the thread lives in the worker that answered the upload), or inline where threads
cannot share the database (tests). The thread writes its progress to the job row in autocommit, outside
any transaction, so the page polling the job sees it move. Saving is one transaction (`apply`).
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import threading

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from households.imports import apply, counts, guard, households
from households.imports.models import ImportJob, ImportKind, ImportStatus
from households.imports.preview import Issue, Preview
from povertyplan.concurrency import MISSING_VERSION, ConflictError

log = logging.getLogger(__name__)

# A parse that has not finished after this long died with its process (a restart): shown as failed.
STUCK_AFTER = datetime.timedelta(minutes=15)

PARSERS = {ImportKind.COUNTS: counts.parse, ImportKind.HOUSEHOLDS: households.parse}


def read(kind: str, data: bytes, commune, year: int, progress=None, on_total=None) -> Preview:
    """Guard and parse `data` into a preview; an unreadable file is a preview with one issue (row 0)."""
    try:
        rows = guard.rows(data, on_total=on_total)
        return PARSERS[kind](rows, commune, year, progress)
    except guard.UnreadableFile as exc:
        return Preview(kind=kind, issues=[Issue(0, "", "", str(exc))])


def create(*, by, commune, year: int, kind: str, name: str, data: bytes) -> ImportJob:
    """A new job for an upload that passed the guard (`guard.check` raises UnreadableFile otherwise)."""
    guard.check(data)
    return ImportJob.objects.create(
        by=by,
        commune=commune,
        year=year,
        kind=kind,
        file_name=name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
    )


def start(job: ImportJob) -> None:
    """Parse `job` after the current transaction commits: in a thread, or inline (see the module doc)."""
    if getattr(settings, "IMPORTS_IN_BACKGROUND", True):
        transaction.on_commit(lambda: threading.Thread(target=_in_thread, args=(job.pk,), daemon=True).start())
    else:
        run(job.pk)


def _in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        run(job_id)
    except Exception:  # the page must learn it failed rather than poll for ever
        log.exception("import job %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.FAILED,
            errors=[{"row": 0, "column": "", "header": "", "message": _("Lỗi khi đọc tệp: chưa lưu gì.")}],
            finished_at=timezone.now(),
        )
    finally:
        connection.close()


def run(job_id: int) -> ImportJob:
    """Parse the job's file into its preview, writing progress as it goes."""
    job = ImportJob.objects.select_related("commune").get(pk=job_id)

    def progress(done: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(rows_done=done)

    def on_total(total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(rows_total=max(total - 1, 0))

    with override(settings.LANGUAGE_CODE):
        preview = read(job.kind, bytes(job.data), job.commune, job.year, progress, on_total)
    job.preview = preview.as_json()
    job.summary = preview.summary()
    job.errors = preview.errors_json()
    job.digest = preview.digest()
    job.rows_done = preview.rows_read
    job.rows_total = preview.rows_read
    unreadable = any(issue.row == 0 for issue in preview.issues)
    job.status = ImportStatus.FAILED if unreadable else ImportStatus.READY
    job.finished_at = timezone.now() if unreadable else None
    job.save(
        update_fields=["preview", "summary", "errors", "digest", "rows_done", "rows_total", "status", "finished_at"]
    )
    return job


def expire_if_stuck(job: ImportJob) -> ImportJob:
    """Mark a parse that outlived STUCK_AFTER as failed, so its page stops waiting."""
    if job.status == ImportStatus.PARSING and timezone.now() - job.created_at > STUCK_AFTER:
        message = _("Việc đọc tệp bị gián đoạn: chưa lưu gì. Hãy tải tệp lên lại.")
        ImportJob.objects.filter(pk=job.pk, status=ImportStatus.PARSING).update(
            status=ImportStatus.FAILED,
            errors=[{"row": 0, "column": "", "header": "", "message": message}],
            finished_at=timezone.now(),
        )
        job.refresh_from_db()
    return job


def not_confirmed() -> str:
    return _(
        "Chưa lưu gì: tệp này thay số liệu nhập tay của một số thôn bằng số tính từ danh sách hộ. "
        "Hãy đánh dấu “Tôi hiểu...” rồi lưu lại."
    )


class AlreadySaved(Exception):
    """The job was saved already (a second click): nothing more is saved."""


@transaction.atomic
def save(*, by, job: ImportJob, version: int | None, replace_counts: bool = False) -> int:
    """Save a ready job with no errors, all or nothing; returns the rows saved.

    `version` is the job's version the preview page showed: missing is a conflict; a job saved already
    raises AlreadySaved (a double click saves once). A job that replaces villages' typed counts by counts
    from the household list (`preview["replaced"]`) is saved only with `replace_counts` (the user confirmed).
    """
    job = ImportJob.objects.select_for_update().select_related("commune").get(pk=job.pk)
    if job.status == ImportStatus.SAVED:
        raise AlreadySaved
    if version is None:
        raise ConflictError(str(MISSING_VERSION))
    if version != job.version or job.status != ImportStatus.READY or job.errors:
        raise ConflictError([_("Bản xem trước này không còn lưu được: hãy tải tệp lên lại.")])
    if job.preview.get("replaced") and not replace_counts:
        raise ValidationError(not_confirmed())
    plan = job.preview.get("plan", [])
    if job.kind == ImportKind.COUNTS:
        saved = apply.save_counts(by=by, commune=job.commune, year=job.year, plan=plan, file_name=job.file_name)
    else:
        saved = apply.save_households(by=by, commune=job.commune, year=job.year, plan=plan)
    job.status, job.version, job.finished_at = ImportStatus.SAVED, job.version + 1, timezone.now()
    job.data = b""
    job.save(update_fields=["status", "version", "finished_at", "data"])
    return saved


@transaction.atomic
def cancel(*, job: ImportJob, version: int | None) -> None:
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status in (ImportStatus.SAVED, ImportStatus.CANCELLED):
        return
    if version != job.version:
        raise ConflictError(str(MISSING_VERSION))
    job.status, job.version, job.finished_at, job.data = ImportStatus.CANCELLED, job.version + 1, timezone.now(), b""
    job.save(update_fields=["status", "version", "finished_at", "data"])
