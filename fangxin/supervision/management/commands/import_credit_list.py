from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from fangxin.core.models import User
from fangxin.supervision import credit_import
from fangxin.supervision.models import CreditListKind


class Command(BaseCommand):
    help = (
        "Import a credit list (经营异常名录, 严重违法失信名单, 个体工商户经营异常状态) from an "
        ".xlsx or .csv file, raising credit_listing veto proposals for the listings in force. "
        "All-or-nothing; exit code 1 on any error."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument(
            "--user", required=True, help="the office user the import is made as (username)"
        )
        parser.add_argument(
            "--kind",
            choices=CreditListKind.values,
            default="",
            help="the list the file is on, when neither a 名单类型 column nor the headers say",
        )

    def handle(self, *args, file, dry_run, user, kind, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        account = User.objects.filter(is_active=True, username=user).first()
        if account is None:
            raise CommandError(f"{user}: no such active user")
        try:
            report = credit_import.import_file(
                account, path.name, path.read_bytes(), dry_run=dry_run, kind=kind
            )
        except credit_import.ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        for row in report.rows:
            for column, message in row.errors:
                self.stderr.write(f"第{row.number}行【{column}】{message}")
        for row in report.unmatched:
            self.stdout.write(f"第{row.number}行 {row.code} {row.name}：未匹配到已登记的经营主体")
        if not report.ok:
            raise CommandError(f"导入未完成，数据未作任何修改：{report.summary()}")
        verb = "试导入通过" if dry_run else "导入完成"
        self.stdout.write(f"{verb}：{report.summary()}")
