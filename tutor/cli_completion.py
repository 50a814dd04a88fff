"""Shell completion for bash, zsh and fish, generated from the command line's own parser.

Nothing here is written by hand per option: the scripts are built from the argparse parser, so a
new option or subcommand completes as soon as it exists. An option's values come from its
`choices`, or from `complete_with(action, values)` for options that take free text but have
known good values (lesson numbers and slugs).
"""

from __future__ import annotations

import argparse
import shlex
from dataclasses import dataclass, field

SHELLS: tuple[str, ...] = ("bash", "zsh", "fish")

_VALUES = "gd_tutor_completion_values"


def complete_with(action: argparse.Action, values: list[str]) -> argparse.Action:
    """Offer `values` when completing this option's argument."""
    setattr(action, _VALUES, list(values))
    return action


@dataclass(frozen=True)
class Option:
    flags: tuple[str, ...]
    help: str
    takes_value: bool
    values: tuple[str, ...] = ()
    metavar: str = ""


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    options: tuple[Option, ...]
    #: Values for the first positional argument, if the command takes one.
    arguments: tuple[str, ...] = ()
    #: Other spellings that select this command (`--playground` for `playground`).
    aliases: tuple[str, ...] = ()
    subcommands: tuple[Command, ...] = field(default=())


def describe(parser: argparse.ArgumentParser, name: str = "", help_text: str = "") -> Command:
    """The parser as data: its options, positional values and subcommands."""
    options: list[Option] = []
    arguments: tuple[str, ...] = ()
    subcommands: list[Command] = []
    for action in parser._actions:  # argparse keeps no public list of its actions
        if action.help == argparse.SUPPRESS:
            continue
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for sub_name, sub_parser in action.choices.items():
                subcommands.append(describe(sub_parser, sub_name, helps.get(sub_name, "")))
            continue
        values = tuple(getattr(action, _VALUES, None) or action.choices or ())
        if not action.option_strings:
            arguments = arguments or tuple(str(value) for value in values)
            continue
        metavar = action.metavar if isinstance(action.metavar, str) else action.dest.upper()
        options.append(
            Option(
                flags=tuple(action.option_strings),
                help=_one_line(action.help or ""),
                takes_value=action.nargs != 0,
                values=tuple(str(value) for value in values),
                metavar=metavar,
            )
        )
    return Command(name, _one_line(help_text), tuple(options), arguments, (), tuple(subcommands))


def _one_line(text: str) -> str:
    return " ".join(text.replace("%%", "%").split())


def script(shell: str, parser: argparse.ArgumentParser, aliases: dict[str, str]) -> str:
    """The completion script for `shell`; `aliases` maps an option (--playground) to a command."""
    root = describe(parser)
    commands = tuple(
        Command(
            c.name,
            c.help,
            c.options,
            c.arguments,
            tuple(a for a, target in aliases.items() if target == c.name),
        )
        for c in root.subcommands
    )
    program = parser.prog
    if shell == "bash":
        return _bash(program, root, commands)
    if shell == "zsh":
        return _zsh(program, root, commands)
    if shell == "fish":
        return _fish(program, root, commands)
    raise ValueError(f"no completion for {shell!r}; choose one of {', '.join(SHELLS)}")


# -- bash ------------------------------------------------------------------------------------------


def _words(command: Command, with_subcommands: tuple[Command, ...] = ()) -> str:
    words = [flag for option in command.options for flag in option.flags]
    words += list(command.arguments) + [sub.name for sub in with_subcommands]
    return " ".join(words)


def _bash(program: str, root: Command, commands: tuple[Command, ...]) -> str:
    function = "_" + program.replace("-", "_")
    selectors = []
    for command in commands:
        names = "|".join(shlex.quote(name) for name in (command.name, *command.aliases))
        selectors.append(f"            {names}) command={shlex.quote(command.name)}; break ;;")
    value_cases = []
    for command in (root, *commands):
        for option in command.options:
            if not option.takes_value:
                continue
            flags = "|".join(f"{command.name}:{flag}" for flag in option.flags)
            value_cases.append(
                f"        {flags}) COMPREPLY=($(compgen -W {shlex.quote(' '.join(option.values))}"
                ' -- "$cur")); return ;;'
            )
    word_cases = [f"        '') words={shlex.quote(_words(root, commands))} ;;"]
    word_cases += [
        f"        {shlex.quote(c.name)}) words={shlex.quote(_words(c))} ;;" for c in commands
    ]
    lines = [
        f"# bash completion for {program}; load it with: source <({program} completion bash)",
        f"{function}() {{",
        '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
        '    local command="" words="" i',
        "    for ((i = 1; i < COMP_CWORD; i++)); do",
        '        case "${COMP_WORDS[i]}" in',
        *selectors,
        "        esac",
        "    done",
        '    case "$command:$prev" in',
        *value_cases,
        "    esac",
        '    case "$command" in',
        *word_cases,
        "    esac",
        '    COMPREPLY=($(compgen -W "$words" -- "$cur"))',
        "}",
        f"complete -F {function} {program}",
    ]
    return "\n".join(lines) + "\n"


# -- zsh -------------------------------------------------------------------------------------------


def _zsh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _zsh_description(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace(":", "\\:")


def _zsh_specs(command: Command) -> list[str]:
    specs = []
    for option in command.options:
        description = _zsh_description(option.help)
        if option.takes_value:
            values = " ".join(option.values)
            action = f"({values})" if values else " "
            tail = f":{_zsh_description(option.metavar.lower())}:{action}"
        else:
            tail = ""
        if len(option.flags) > 1:
            exclusive = " ".join(option.flags)
            braces = ",".join(option.flags)
            specs.append(f"'({exclusive})'{{{braces}}}{_zsh_quote(f'[{description}]{tail}')}")
        else:
            specs.append(_zsh_quote(f"{option.flags[0]}[{description}]{tail}"))
    if command.arguments:
        specs.append(_zsh_quote(f"1:{command.name or 'argument'}:({' '.join(command.arguments)})"))
    return specs


def _zsh(program: str, root: Command, commands: tuple[Command, ...]) -> str:
    function = "_" + program.replace("-", "_")
    indent = " \\\n        "
    described = " ".join(_zsh_quote(f"{c.name}:{c.help}") for c in commands)
    root_specs = [*_zsh_specs(root), "'1: :->command'", "'*:: :->argument'"]
    cases = []
    for command in commands:
        specs = indent.join(_zsh_specs(command)) or "'*: :'"
        cases.append(f"                {command.name}) _arguments -s{indent}{specs} ;;")
    lines = [
        f"#compdef {program}",
        f"# zsh completion for {program}; load it with: source <({program} completion zsh)",
        f"{function}() {{",
        "    local context state state_descr line",
        "    typeset -A opt_args",
        f"    _arguments -C{indent}{indent.join(root_specs)}",
        "    case $state in",
        "        command)",
        f"            local -a commands=({described})",
        "            _describe command commands ;;",
        "        argument)",
        "            case $line[1] in",
        *cases,
        "            esac ;;",
        "    esac",
        "}",
        'if [[ "${zsh_eval_context[-1]}" == loadautofunc ]]; then',
        f'    {function} "$@"',
        "else",
        f"    compdef {function} {program}",
        "fi",
    ]
    return "\n".join(lines) + "\n"


# -- fish ------------------------------------------------------------------------------------------


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish_option(program: str, condition: str, option: Option) -> str:
    words = [f"complete -c {program} -n {_fish_quote(condition)}"]
    for flag in option.flags:
        if flag.startswith("--"):
            words.append(f"-l {flag[2:]}")
        else:
            words.append(f"-s {flag[1:]}")
    if option.takes_value:
        words.append("-x")
        if option.values:
            words.append(f"-a {_fish_quote(' '.join(option.values))}")
    words.append(f"-d {_fish_quote(option.help)}")
    return " ".join(words)


def _fish(program: str, root: Command, commands: tuple[Command, ...]) -> str:
    names = " ".join(name for c in commands for name in (c.name, *c.aliases))
    top = f"not __fish_seen_subcommand_from {names}"
    lines = [
        f"# fish completion for {program}; load it with: {program} completion fish | source",
        f"complete -c {program} -f",
    ]
    lines += [
        f"complete -c {program} -n {_fish_quote(top)} -a {c.name} -d {_fish_quote(c.help)}"
        for c in commands
    ]
    lines += [_fish_option(program, top, option) for option in root.options]
    for command in commands:
        seen = f"__fish_seen_subcommand_from {command.name} {' '.join(command.aliases)}".strip()
        lines += [_fish_option(program, seen, option) for option in command.options]
        if command.arguments:
            lines.append(
                f"complete -c {program} -n {_fish_quote(seen)} "
                f"-a {_fish_quote(' '.join(command.arguments))}"
            )
    return "\n".join(lines) + "\n"
