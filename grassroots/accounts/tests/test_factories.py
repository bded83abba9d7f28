import pytest

from grassroots.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_user_factory_sets_a_usable_password():
    user = UserFactory()
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)
    assert UserFactory(password="other-pass-1").check_password("other-pass-1")
