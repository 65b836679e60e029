from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from common.forms import Form, ModelForm, OwnIdsMixin
from meetings.forms_activities import AmsterdamDateTimeField

from .connectors import connector_class
from .models import Channel, Post


def news_pages():
    from wagtail.models import Page

    from publishing.models import BlogPost, NewsItem, Vlog

    return Page.objects.live().type(NewsItem, BlogPost, Vlog).order_by("-first_published_at")


class PostForm(OwnIdsMixin, ModelForm):
    """The post, its channels, and per chosen channel an optional own text (`text_<id>`)."""

    class Meta:
        model = Post
        fields = ["page", "text", "link", "image", "image_alt", "channels"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6}),
            "channels": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "text": _(
                "Dit komt in elk gekozen kanaal, tenzij u hieronder een eigen tekst schrijft."
            ),
            "link": _("De link komt onder de tekst, tenzij hij er al in staat."),
            "image_alt": _(
                "Beschrijf wat er op de afbeelding staat. Leeg: de beschrijving van de "
                "afbeelding zelf."
            ),
        }
        labels = {"page": _("Over welk nieuwsbericht gaat het?")}
        error_messages = {
            "text": {"required": _("Schrijf de tekst van het bericht.")},
            "channels": {"required": _("Kies minstens één kanaal.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].queryset = news_pages()
        self.fields["page"].required = False
        self.fields["image"].queryset = get_image_model().objects.order_by("title")
        self.fields["channels"].queryset = Channel.objects.exclude(
            status=Channel.Status.DISCONNECTED
        )
        self.channels = list(self.fields["channels"].queryset)
        texts = (self.instance.texts or {}) if self.instance else {}
        for channel in self.channels:
            name = f"text_{channel.pk}"
            self.fields[name] = forms.CharField(
                label=_("Eigen tekst voor %(channel)s") % {"channel": channel.name},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=texts.get(str(channel.pk), ""),
            )

    def own_text_fields(self):
        return [self[f"text_{channel.pk}"] for channel in self.channels]

    def has_own_text(self) -> bool:
        return any((field.value() or "").strip() for field in self.own_text_fields())

    def main_fields(self):
        return [self[name] for name in self.Meta.fields]

    def texts(self) -> dict:
        return {
            str(channel.pk): self.cleaned_data.get(f"text_{channel.pk}", "")
            for channel in self.channels
        }

    def clean(self):
        data = super().clean()
        image, alt = data.get("image"), (data.get("image_alt") or "").strip()
        if image and not alt and not (getattr(image, "description", "") or "").strip():
            page = data.get("page")
            page_alt = getattr(page.specific, "alt_text", "") if page else ""
            if not (page and page.specific.image_id == image.pk and page_alt):
                self.add_error(
                    "image_alt",
                    _("Deze afbeelding heeft geen alt-tekst. Beschrijf kort wat erop staat."),
                )
        return data


class PublishForm(OwnIdsMixin, Form):
    id_prefix = "publish"

    WHEN = [("now", _("Nu plaatsen")), ("later", _("Later plaatsen, op een tijdstip"))]
    when = forms.ChoiceField(
        label=_("Wanneer?"), choices=WHEN, initial="now", widget=forms.RadioSelect
    )
    publish_at = AmsterdamDateTimeField(label=_("Datum en tijd"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("when") == "later" and not data.get("publish_at"):
            self.add_error("publish_at", _("Vul in wanneer het bericht geplaatst moet worden."))
        return data


class ConfirmForm(Form):
    url = forms.URLField(label=_("Adres van het bericht op het platform"), required=False)


class ChannelForm(OwnIdsMixin, Form):
    """Name, server address (Mastodon) and the platform's credential fields. Secret fields are
    never filled in again: on a refused connection they are empty and must be typed again."""

    name = forms.CharField(label=_("Naam van het kanaal"), max_length=100)

    def __init__(self, *args, platform: str, initial_public=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.platform = platform
        connector = connector_class(platform)
        if not connector.default_api_base:
            self.fields["api_base"] = forms.URLField(
                label=_("Adres van uw server"),
                help_text=_("Bijvoorbeeld https://mastodon.nl"),
            )
        for name, label, secret in connector.credential_fields:
            self.fields[f"cred_{name}"] = forms.CharField(
                label=label,
                max_length=4000,
                required=name not in connector.optional_credentials,
                widget=forms.PasswordInput(attrs={"autocomplete": "off"})
                if secret
                else forms.TextInput,
                initial=(initial_public or {}).get(name, ""),
            )
        self.secret_names = [name for name, _label, secret in connector.credential_fields if secret]

    def credentials(self) -> dict:
        return {
            name[5:]: value.strip()
            for name, value in self.cleaned_data.items()
            if name.startswith("cred_") and value.strip()
        }
