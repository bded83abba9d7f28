"""The notes factories, typed for mypy (calling one returns the model instance)."""

from __future__ import annotations

from typing import cast

from grassroots.accounts.tests.factories import ModelMaker
from grassroots.notes.models import Note, Topic
from grassroots.notes.tests import factories as notes_factories

NoteFactory = cast("ModelMaker[Note]", notes_factories.NoteFactory)
TopicFactory = cast("ModelMaker[Topic]", notes_factories.TopicFactory)
