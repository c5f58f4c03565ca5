"""What the ``trainer`` command says and how: Chinese messages and help, over click.

Click's own wording (usage errors, "Aborted!", help headings) is English and goes through gettext
with no catalogue to hook, so the group and command classes here say it in Chinese with the
English beside it. The plain writing (safe text, tolerant streams, failed output) is in
``output``, which ``trainer score`` uses without click.
"""

from __future__ import annotations

import sys

import click

from trainer.cli.output import OUTPUT_ERRORS, output_failed, shown, tolerant_streams


def _zh_usage_error(error: click.UsageError) -> str:
    """Click's error in Chinese, its English after it (what a search engine and a colleague know)."""
    english = error.format_message()
    if isinstance(error, click.NoSuchOption):
        zh = f"没有这个选项 {error.option_name}"
    elif type(error).__name__ == "NoSuchCommand":
        zh = f"没有这个命令 {getattr(error, 'command_name', '')}"
    elif isinstance(error, click.MissingParameter):
        zh = f"缺少{'参数' if isinstance(error.param, click.Argument) else '选项'}" + (
            f" {error.param.human_readable_name}" if error.param else "")
    elif isinstance(error, click.BadParameter):
        zh = "参数的值无效" + (f" ({error.param.human_readable_name})" if error.param else "")
    else:
        zh = "命令行有误"
    return shown(f"{zh} / {english}")


def _show_usage_error(error: click.UsageError) -> None:
    """One line (BRIEF §7): what is wrong, then where the help is."""
    ctx = error.ctx
    hint = f" (帮助 / help: {ctx.command_path} -h)" if ctx is not None else ""
    click.echo(f"trainer: {_zh_usage_error(error)}{hint}", err=True)


class _Formatter(click.HelpFormatter):
    _HEADINGS = {"Options": "选项 / Options", "Commands": "命令 / Commands", "Arguments": "参数 / Arguments"}

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "用法 / Usage: " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(self._HEADINGS.get(heading, heading))


class _Context(click.Context):
    formatter_class = _Formatter


class _Chinese:
    context_class = _Context

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "显示帮助并退出 / Show this message and exit."
        return option


class Command(_Chinese, click.Command):
    pass


class Group(_Chinese, click.Group):
    command_class = Command

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Click's standalone handling, with the messages in Chinese and failed output in one line."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        tolerant_streams()
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
            sys.stdout.flush()
        except click.UsageError as error:
            _show_usage_error(error)
            sys.exit(error.exit_code)
        except click.ClickException as error:
            click.echo(f"trainer: 错误 / error: {shown(error.format_message())}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("已中止 / Aborted!", err=True)
            sys.exit(1)
        except OSError as error:
            if error.errno not in OUTPUT_ERRORS:
                raise
            output_failed(error)
        sys.exit(code if isinstance(code, int) else 0)


def echo(message: object = "", **kwargs) -> None:
    """``click.echo`` for text that holds replies or content: controls made visible first."""
    click.echo(shown(message), **kwargs)


def secho(message: object, **styles) -> None:
    click.secho(shown(message), **styles)
