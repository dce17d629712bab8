"""Read template.yaml the way CloudFormation would, enough to build its resources on moto.

Only the intrinsic functions the template uses are resolved (Ref, GetAtt, Sub, Join, If and its conditions).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_SUB = re.compile(r"\$\{([^}!]+)\}")


def load_template(path: str | Path) -> dict[str, Any]:
    """Parse a CloudFormation/SAM YAML file, short-form tags (`!Ref`, `!Sub`, ...) included."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def construct(tag: str) -> Callable[[Any, Any], Any]:
        name = "Ref" if tag == "Ref" else f"Fn::{tag}"

        def build(loader: Any, node: Any) -> Any:
            if isinstance(node, yaml.ScalarNode):
                value: Any = loader.construct_scalar(node)
                if tag == "GetAtt":
                    value = value.split(".", 1)
            elif isinstance(node, yaml.SequenceNode):
                value = loader.construct_sequence(node, deep=True)
            else:
                value = loader.construct_mapping(node, deep=True)
            return {name: value}

        return build

    for tag in ("Ref", "GetAtt", "Sub", "Join", "If", "Equals", "Select", "Split", "GetAZs", "Not", "And", "Or"):
        Loader.add_constructor(f"!{tag}", construct(tag))
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=Loader)


NO_VALUE = object()
"""`!Ref AWS::NoValue`: the property or list item is left out."""


@dataclass
class Resolver:
    """Resolves intrinsic functions against parameter values and the resources created so far."""

    parameters: dict[str, Any]
    refs: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, dict[str, str]] = field(default_factory=dict)
    pseudo: dict[str, str] = field(default_factory=dict)
    conditions: dict[str, Any] = field(default_factory=dict)
    """The template's Conditions section, evaluated on demand."""

    def condition(self, name: str) -> bool:
        if name not in self.conditions:
            raise KeyError(f"condition {name}: not in the template's Conditions")
        return bool(self(self.conditions[name]))

    def ref(self, name: str) -> Any:
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in self.pseudo:
            return self.pseudo[name]
        if name in self.parameters:
            return self.parameters[name]
        if name in self.refs:
            return self.refs[name]
        raise KeyError(f"!Ref {name}: not created yet (or not supported locally)")

    def get_att(self, resource: str, attribute: str) -> str:
        try:
            return self.attributes[resource][attribute]
        except KeyError:
            raise KeyError(f"!GetAtt {resource}.{attribute}: not created yet (or not supported locally)") from None

    def __call__(self, value: Any) -> Any:
        if isinstance(value, list):
            return [item for item in (self(v) for v in value) if item is not NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            (key, arg), = value.items()
            if key == "Ref":
                return self.ref(arg)
            if key == "Fn::If":
                name, when_true, when_false = arg
                return self(when_true if self.condition(name) else when_false)
            if key == "Fn::Equals":
                left, right = self(arg)
                return left == right
            if key == "Fn::Not":
                return not self(arg[0])
            if key == "Fn::And":
                return all(self(arg))
            if key == "Fn::Or":
                return any(self(arg))
            if key == "Fn::GetAtt":
                return self.get_att(*arg)
            if key == "Fn::Join":
                sep, items = arg
                parts = self(items)
                return sep.join(str(p) for item in parts for p in (item if isinstance(item, list) else [item]))
            if key == "Fn::Sub":
                return self._sub(arg)
        resolved = {k: self(v) for k, v in value.items()}
        return {k: v for k, v in resolved.items() if v is not NO_VALUE}

    def _sub(self, arg: Any) -> str:
        text, local = (arg, {}) if isinstance(arg, str) else (arg[0], self(arg[1]))

        def one(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in local:
                return str(local[name])
            if "." in name:
                return str(self.get_att(*name.split(".", 1)))
            value = self.ref(name)
            return ",".join(value) if isinstance(value, list) else str(value)

        return _SUB.sub(one, text)


def parameter_defaults(template: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, spec in (template.get("Parameters") or {}).items():
        default = spec.get("Default")
        if spec.get("Type") == "CommaDelimitedList" and isinstance(default, str):
            default = [s.strip() for s in default.split(",")]
        out[name] = default
    return out
