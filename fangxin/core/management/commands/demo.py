from django.core.management.base import BaseCommand

from fangxin.core import demo


class Command(BaseCommand):
    help = "Load the demo county and the demo accounts (idempotent)."

    def handle(self, *args, **options):
        demo.build(log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        accounts = ", ".join(spec["username"] for spec in demo.demo_accounts())
        self.stdout.write(f"Demo accounts (password {demo.DEMO_PASSWORD}): {accounts}")
