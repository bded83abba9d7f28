"""Queue a note for re-analysis when it or one of its comments is saved.

State changes (hide, delete, restore, visibility) and edits save the note; new comments are
created with `save()`. The background job (`grassroots.insights.pipeline.update`) drains the
queue. Bulk writes that skip signals (the seed, imports) are picked up by the job's watermark
over published notes or by `grassroots insights_rebuild`.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save


def _note_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    from grassroots.insights.models import InsightQueue

    InsightQueue.objects.create(note_id=instance.pk)


def _comment_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or not instance.note_id:
        return
    from grassroots.insights.models import InsightQueue

    InsightQueue.objects.create(note_id=instance.note_id)


def connect() -> None:
    from grassroots.engagement.models import Comment
    from grassroots.notes.models import Note

    post_save.connect(_note_saved, sender=Note, dispatch_uid="insights_note_saved")
    post_save.connect(_comment_saved, sender=Comment, dispatch_uid="insights_comment_saved")
