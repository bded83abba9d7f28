"""Real concurrency on PostgreSQL: member changes lock the brand row."""

from __future__ import annotations

from grassroots.accounts.tests.factories import UserFactory
from grassroots.brands import actions
from grassroots.brands.models import BrandMember
from grassroots.brands.tests.factories import add_member, make_brand, owner_of
from grassroots.core.errors import DomainError
from grassroots.core.testing import POSTGRES_ONLY, run_together

pytestmark = POSTGRES_ONLY


def test_two_owners_removing_each_other_leave_one_owner():
    brand = make_brand()
    first = owner_of(brand)
    second = UserFactory()
    add_member(brand, second, role=BrandMember.Role.OWNER)
    first_row = BrandMember.objects.get(brand=brand, user=first)
    second_row = BrandMember.objects.get(brand=brand, user=second)
    refused: list[DomainError] = []

    def remove(actor, member_id):
        def job() -> None:
            try:
                actions.member_remove(brand=brand, actor=actor, member_id=member_id)
            except DomainError as exc:
                refused.append(exc)

        return job

    run_together([remove(first, second_row.pk), remove(second, first_row.pk)])
    owners = BrandMember.objects.filter(brand=brand, role=BrandMember.Role.OWNER)
    assert owners.count() == 1
    # The loser was either already removed (403) or would have removed the last owner (409).
    assert len(refused) == 1 and refused[0].code in ("forbidden", "last_owner")
