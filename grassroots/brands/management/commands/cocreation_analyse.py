"""Refresh co-creation ideas: `grassroots cocreation_analyse [--campaign ID]`.

Reads new comments of every campaign (or one) and re-clusters its ideas, exactly as the
"Refresh ideas" button does; idempotent, so it can run from cron as the background refresh.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from grassroots.brands.campaigns import campaign_analyse, latest_comment_id
from grassroots.brands.models import Campaign


class Command(BaseCommand):
    help = "Extract suggestions from new campaign comments and re-cluster the ideas."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", type=int, help="Only this campaign id.")
        parser.add_argument(
            "--all", action="store_true", help="Also campaigns with no new comments."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        campaigns = Campaign.objects.order_by("pk")
        if options["campaign"] is not None:
            campaigns = campaigns.filter(pk=options["campaign"])
            if not campaigns.exists():
                raise CommandError(f"No campaign {options['campaign']}.")
        done = 0
        for campaign in campaigns:
            if not options["all"] and latest_comment_id(campaign) <= campaign.comments_read_to:
                continue
            result = campaign_analyse(campaign=campaign)
            done += 1
            self.stdout.write(
                f"campaign {campaign.pk}: {result.new_comments} new comments, "
                f"{result.new_suggestions} new suggestions, {result.ideas} ideas"
            )
        self.stdout.write(f"{done} campaigns analysed.")
