"""Where a respondent is in a survey: which page comes next, which language, which URLs.

A Flow is built by a view from a link (citizens, enterprises) or from the signed-in staff
member, so one set of page views serves both.
"""

from dataclasses import dataclass

from flask import current_app, request, session, url_for

from app.responses.services import stored_answers
from app.surveys.logic import shown_answers, visible_pages, visible_questions


@dataclass
class Flow:
    survey: object
    link: object | None = None
    user: object | None = None

    @property
    def can_save_later(self) -> bool:
        """Invitations (enterprises, organisations) may save and come back with their link."""
        return self.link is not None and self.link.kind == "invitation"

    @property
    def definition(self) -> dict:
        return self.survey.latest_version.definition

    def page_url(self, response, code: str) -> str:
        if self.user is not None:
            return url_for("responses.staff_page", survey_id=self.survey.id, page_code=code)
        return url_for("responses.page", token=self.link.token, sid=response.submission_id,
                       page_code=code)  # fmt: skip

    def start_url(self) -> str:
        if self.user is not None:
            return url_for("responses.staff_page", survey_id=self.survey.id)
        return url_for("responses.start", token=self.link.token)

    def thanks_url(self, response, again: bool = False) -> str:
        """The receipt; ``again`` when answers were sent to a response already submitted,
        so the receipt can say they were not saved."""
        extra = {"again": 1} if again else {}
        if self.user is not None:
            return url_for("responses.staff_thanks", survey_id=self.survey.id, **extra)
        return url_for(
            "responses.thanks", token=self.link.token, sid=response.submission_id, **extra
        )

    def definition_for(self, response) -> dict:
        """The version a response started on (a version published meanwhile does not apply)."""
        return response.version.definition if response is not None else self.definition

    def answers(self, response) -> dict:
        """The answers on the respondent's path so far, as conditions compare them."""
        if response is None:
            return {}
        definition = self.definition_for(response)
        return shown_answers(definition, stored_answers(response))

    def pages(self, response) -> list[dict]:
        """The pages this respondent sees, given what they answered so far."""
        return visible_pages(self.definition_for(response), self.answers(response))

    def resume_page(self, response) -> dict:
        """The first page on the respondent's path with a required question still unanswered."""
        answered = {a.question_code for a in response.answers}
        answers = self.answers(response)
        pages = self.pages(response)
        for page in pages:
            questions = visible_questions(page, answers)
            if any(q.get("required") and q["code"] not in answered for q in questions):
                return page
        return pages[-1]

    def find(self, response, code: str) -> tuple[int, dict] | None:
        """(index, page) of a page on this respondent's path, or None."""
        for index, page in enumerate(self.pages(response)):
            if page["code"] == code:
                return index, page
        return None

    def language(self) -> str:
        """The survey language chosen (a ?lang= or a lang button), else Vietnamese.

        The survey's master language is the default whatever the phone's settings: many
        people's phones are set to English while they read Vietnamese best.
        """
        languages = self.definition["languages"]
        chosen = request.values.get("lang")
        if chosen in languages:
            session["survey_lang"] = chosen  # kept for the next pages
            return chosen
        # Else the language chosen earlier; for a signed-in person, their interface language.
        for remembered in (session.get("survey_lang"), self.user and session.get("lang")):
            if remembered in languages:
                return remembered
        return "vi"

    @staticmethod
    def interface_language(language: str) -> str:
        """The language of the page's own words: the survey's if the interface has it."""
        return language if language in current_app.config["LANGUAGES"] else "vi"
