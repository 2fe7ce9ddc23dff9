from django.core.management.base import BaseCommand, CommandError

from fangxin.supervision import services
from fangxin.supervision.models import Draw


class Command(BaseCommand):
    help = "Recompute a published draw from its published inputs and say whether it matches."

    def add_arguments(self, parser):
        parser.add_argument("draw_id", type=int)

    def handle(self, *args, draw_id, **options):
        draw = Draw.objects.filter(pk=draw_id).select_related("plan").first()
        if draw is None:
            raise CommandError(f"no draw {draw_id}")
        report = services.verify(draw)
        if report.ok:
            self.stdout.write(self.style.SUCCESS(f"draw {draw_id} verified: the result matches"))
            return
        for problem in report.problems:
            self.stderr.write(problem)
        raise CommandError(f"draw {draw_id} does NOT verify")
