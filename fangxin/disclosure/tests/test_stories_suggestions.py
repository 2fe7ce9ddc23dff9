"""Good-practice stories and suggestions: the body sanitised, drafts never public, only the
office writes and answers, a wrong CAPTCHA keeps the text, the form rate-limited per IP, and
nothing personal on the public pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fangxin.core.roles import Role
from fangxin.disclosure import demo, services
from fangxin.disclosure.models import Story, Suggestion
from fangxin.disclosure.sanitise import clean_html

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64

pytestmark = pytest.mark.django_db


def make_story(office, published=True, **fields):
    story = Story(
        title=fields.pop("title", "好做法"),
        summary="摘要",
        body=fields.pop("body", "<p>正文</p>"),
        author=office,
        **fields,
    )
    return services.save_story(office, story, publish=published)


@pytest.mark.parametrize(
    "dirty, gone",
    [
        ("<p>好</p><script>alert(1)</script>", ["<script", "alert(1)"]),
        ('<img src="x" onerror="alert(1)"><p onclick="x()">好</p>', ["onerror", "onclick", "<img"]),
        ('<a href="javascript:alert(1)">点</a>', ["javascript:"]),
        ('<p style="color:red">好</p><iframe src="https://e.x"></iframe>', ["style=", "iframe"]),
    ],
)
def test_the_body_is_sanitised(dirty, gone):
    clean = clean_html(dirty)
    for piece in gone:
        assert piece not in clean
    assert "好" in clean or "点" in clean


def test_safe_markup_and_links_stay_and_saving_sanitises(office):
    assert clean_html('<p><strong>a</strong><a href="https://x.cn">b</a></p>') == (
        '<p><strong>a</strong><a href="https://x.cn" rel="noopener noreferrer nofollow">b</a></p>'
    )
    story = make_story(
        office, body="<p>好</p><script>alert(1)</script><img src=x onerror=alert(2)>"
    )
    story.refresh_from_db()
    assert story.body == "<p>好</p>"


def test_a_draft_is_not_public_and_a_published_story_is(client, office):
    draft = make_story(office, published=False, title="草稿标题")
    shown = make_story(office, title="已发布标题")
    assert shown.published_on is not None
    listing = client.get(reverse("disclosure:stories")).content.decode()
    assert "已发布标题" in listing and "草稿标题" not in listing
    assert client.get(reverse("disclosure:story", args=[shown.pk])).status_code == 200
    assert client.get(reverse("disclosure:story", args=[draft.pk])).status_code == 404
    assert client.get(reverse("disclosure:story-image", args=[draft.pk])).status_code == 404


def test_the_office_writes_publishes_with_a_checked_picture(client, office, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(office)
    url = reverse("office-disclosure:story-new")
    data = {"title": "标题", "summary": "摘要", "body": "<p>x</p><script>1</script>"}
    response = client.post(
        url, {**data, "action": "publish", "image": SimpleUploadedFile("a.png", PNG)}
    )
    assert response.status_code == 302
    story = Story.objects.get()
    assert story.status == Story.Status.PUBLISHED and story.author == office
    assert story.body == "<p>x</p>" and story.image_type == "image/png"
    image = client.get(reverse("disclosure:story-image", args=[story.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    # A renamed file, a PDF or a type not allowed is refused with the reason; the text is kept.
    for name, content in [("b.png", b"GIF89a" + b"\0" * 20), ("c.pdf", b"%PDF-1.4 x")]:
        response = client.post(url, {**data, "image": SimpleUploadedFile(name, content)})
        assert response.status_code == 200
        assert response.context["form"].errors["image"]
        assert response.context["form"]["title"].value() == "标题"
    assert Story.objects.count() == 1


def test_an_unknown_operator_code_is_refused_clearly(client, office):
    client.force_login(office)
    response = client.post(
        reverse("office-disclosure:story-new"),
        {"title": "t", "summary": "s", "body": "b", "operator_uscc": "NOSUCHCODE"},
    )
    assert "没有该统一社会信用代码的经营主体" in response.content.decode()


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.STATION, Role.INSPECTOR])
def test_only_the_office_writes_stories_and_reads_or_answers_suggestions(
    client, make_user, office, role
):
    story = make_story(office, published=False)
    suggestion = services.submit_suggestion("王", "13912345678", "建议")
    client.force_login(make_user(role))
    for url in [
        reverse("office-disclosure:stories"),
        reverse("office-disclosure:story-new"),
        reverse("office-disclosure:story-edit", args=[story.pk]),
        reverse("office-disclosure:suggestions"),
        reverse("office-disclosure:suggestion", args=[suggestion.pk]),
    ]:
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("office-disclosure:suggestion", args=[suggestion.pk]),
        {"answer": "答", "publish": "on"},
    )
    assert response.status_code == 403
    assert client.get(reverse("disclosure:story-image", args=[story.pk])).status_code == 404
    suggestion.refresh_from_db()
    assert suggestion.answer == "" and not suggestion.answer_published


def test_anonymous_staff_pages_ask_to_sign_in(client):
    response = client.get(reverse("office-disclosure:suggestions"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_suggestion_sent_thanked_answered_and_published_without_anything_personal(client, office):
    response = client.post(
        reverse("disclosure:suggestion-new"),
        {
            "name": "张三丰",
            "contact": "13912345678",
            "text": "希望增加夜间咨询。",
            "captcha_0": "x",
            "captcha_1": "PASSED",
        },
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    thanks = client.get(response["Location"]).content.decode()
    assert suggestion.code in thanks
    public = reverse("disclosure:suggestions")
    assert "希望增加夜间咨询" not in client.get(public).content.decode()

    client.force_login(office)
    office_page = client.get(reverse("office-disclosure:suggestion", args=[suggestion.pk]))
    assert "13912345678" in office_page.content.decode()
    response = client.post(
        reverse("office-disclosure:suggestion", args=[suggestion.pk]),
        {"answer": "已安排。", "publish": "on"},
    )
    assert response.status_code == 302
    client.logout()
    page = client.get(public).content.decode()
    assert "希望增加夜间咨询" in page and "已安排。" in page
    assert "13912345678" not in page and "张三丰" not in page


def test_a_wrong_captcha_keeps_the_text_and_says_so(client):
    response = client.post(
        reverse("disclosure:suggestion-new"),
        {"text": "我的建议内容", "captcha_0": "nokey", "captcha_1": "WRONG"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "我的建议内容" in body and "验证码" in body and 'id="captcha-refresh"' in body
    assert not Suggestion.objects.exists()


def test_an_empty_or_overlong_text_is_refused(client):
    url = reverse("disclosure:suggestion-new")
    for text, message in [("   ", "请填写意见建议"), ("字" * 2001, "内容太长")]:
        response = client.post(url, {"text": text, "captcha_0": "x", "captcha_1": "PASSED"})
        assert response.status_code == 400 and message in response.content.decode()


def test_suggestions_are_rate_limited_per_ip(client, settings):
    settings.FANGXIN_SUGGESTION_RATE_IP = "2/h"
    url = reverse("disclosure:suggestion-new")
    data = {"text": "建议", "captcha_0": "x", "captcha_1": "PASSED"}
    assert [client.post(url, data).status_code for _ in range(3)] == [302, 302, 429]
    assert Suggestion.objects.count() == 2
    other = client.post(url, data, REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 302


def test_the_front_door_lists_both_services(client):
    page = client.get(reverse("front")).content.decode()
    assert 'data-service="disclosure:stories"' in page
    assert 'data-service="disclosure:suggestion-new"' in page


def test_the_demo_is_idempotent_and_shows_nothing_personal(client, office):
    demo.build(log=lambda line: None)
    demo.build(log=lambda line: None)
    assert Story.objects.count() == 3 and Suggestion.objects.count() == 4
    stories = client.get(reverse("disclosure:stories")).content.decode()
    assert "草稿" not in stories
    answers = client.get(reverse("disclosure:suggestions")).content.decode()
    assert "王先生" not in answers and "demo@example.com" not in answers
    assert answers.count("data-code=") == 2


def test_the_sender_reads_an_unpublished_answer_by_the_code_alone(client, office):
    mine = services.submit_suggestion("王五", "13900001111", "建议周末延长咨询热线时间")
    other = services.submit_suggestion("", "", "别人的建议")
    url = reverse("disclosure:suggestion-track")
    assert client.get(url).status_code == 200
    waiting = client.post(url, {"code": mine.code.lower()})
    assert "正在研究" in waiting.text and "别人的建议" not in waiting.text
    services.answer_suggestion(office, mine, "已延长至周六下午。", publish=False)
    answer = client.post(url, {"code": f" {mine.code[:5]} {mine.code[5:]} "})
    assert "已延长至周六下午。" in answer.text and "未公开" in answer.text
    for secret in ("王五", "13900001111"):
        assert secret not in answer.text
    assert "已延长至周六下午。" not in client.get(reverse("disclosure:suggestions")).text
    for wrong in ("", "ABC", other.code[:-1] + ("2" if other.code[-1] != "2" else "3"), "x" * 500):
        miss = client.post(url, {"code": wrong})
        assert miss.status_code == 200 and "没有找到该查询码" in miss.text, wrong


def test_guessing_codes_is_rate_limited_per_ip(client, settings):
    settings.FANGXIN_SUGGESTION_TRACK_RATE_IP = "3/h"
    url = reverse("disclosure:suggestion-track")
    answers = [client.post(url, {"code": "ABCDEFGHJK"}).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert client.post(url, {"code": "ABCDEFGHJK"}, REMOTE_ADDR="10.9.9.9").status_code == 200
