"""Form plumbing shared by the interface apps: the design system's classes
and the accessibility attributes (aria-invalid, aria-describedby) on every
widget, so templates render ``{{ field }}`` and get it right."""

from __future__ import annotations

from django import forms

INPUT_CLASS = "input"
CHECK_CLASS = "mt-1 size-5 rounded border-slate-400 text-brand-700 focus:ring-brand-600"


class StyledFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(
                widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple
            ):
                widget.attrs.setdefault("class", CHECK_CLASS)
            elif isinstance(widget, forms.ClearableFileInput | forms.FileInput):
                widget.attrs.setdefault(
                    "class",
                    "block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 "
                    "file:bg-brand-50 file:px-3 file:py-2 file:font-semibold file:text-brand-800",
                )
            else:
                widget.attrs.setdefault("class", INPUT_CLASS)
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}_help"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            attrs = self.fields[name].widget.attrs
            attrs["aria-invalid"] = "true"
            ids = [f"id_{self.add_prefix(name)}_error"]
            if self.fields[name].help_text:
                ids.append(f"id_{self.add_prefix(name)}_help")
            attrs["aria-describedby"] = " ".join(ids)


class StyledForm(StyledFormMixin, forms.Form):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs=attrs, format=format)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None, format="%H:%M"):
        super().__init__(attrs=attrs, format=format)


def apply_service_errors(form, exc, rename: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError on the form: next to the field it
    names (renamed where the form calls it differently), else at the top."""
    rename = rename or {}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            name = rename.get(field, field)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
