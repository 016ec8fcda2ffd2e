"""A task's page keeps its communications, a channel's page its products."""

from app.registers.models import CommChannel, CommProduct, StTask, TaskCommunication
from tests.registers.conftest import add, audit, only, stored
from tests.registers.data import form_cases


def test_a_task_page_adds_and_deletes_communications(client, db, manager, units):
    data, *_rest = form_cases(units)["tasks"]
    task_url = add(client, "tasks", data).headers["Location"]
    task = only(db, StTask)
    assert task_url == f"/manage/registers/tasks/{task.id}"

    response = client.post(task_url, data={"outlet": "Báo Quảng Ngãi", "outlet_kind": "mass_media",
                                           "url": "", "published_on": "27/03/2026"})  # fmt: skip

    assert (response.status_code, response.headers["Location"]) == (303, task_url)
    record = only(db, TaskCommunication)
    assert (record.task_id, record.outlet, record.url) == (task.id, "Báo Quảng Ngãi", None)
    html = client.get(task_url).get_data(as_text=True)
    assert "Đã thêm lần truyền thông." in html
    assert "<td>Phương tiện thông tin đại chúng</td><td>–</td><td>27/03/2026</td>" in html
    assert len(audit(db, "registers.communications.create")) == 1

    delete_url = f"/manage/registers/communications/{record.id}/delete"
    assert delete_url in html
    assert client.get(delete_url).status_code == 200
    response = client.post(delete_url)

    assert (response.status_code, response.headers["Location"]) == (303, task_url)
    assert stored(db, TaskCommunication) == []
    assert len(stored(db, StTask)) == 1


def test_a_communication_form_error_keeps_the_task_page(client, db, manager, units):
    data, *_rest = form_cases(units)["tasks"]
    task_url = add(client, "tasks", data).headers["Location"]

    response = client.post(task_url, data={"outlet": "Báo Quảng Ngãi", "outlet_kind": "",
                                           "published_on": "hôm qua"})  # fmt: skip

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Chọn loại kênh" in html
    assert 'value="hôm qua"' in html
    assert 'value="Báo Quảng Ngãi"' in html
    assert stored(db, TaskCommunication) == []


def test_a_state_secret_task_is_never_communicated(client, db, manager, units):
    data, *_rest = form_cases(units)["tasks"]
    task_url = add(client, "tasks", {**data, "is_secret": "y"}).headers["Location"]

    html = client.get(task_url).get_data(as_text=True)
    assert "Nhiệm vụ thuộc bí mật nhà nước: không truyền thông" in html
    assert 'id="outlet"' not in html

    response = client.post(task_url, data={"outlet": "Báo Quảng Ngãi", "outlet_kind": "mass_media",
                                           "published_on": "27/03/2026"})  # fmt: skip

    assert response.status_code == 200
    assert "Nhiệm vụ thuộc bí mật nhà nước không được truyền thông" in response.get_data(
        as_text=True
    )
    assert stored(db, TaskCommunication) == []


def test_a_channel_page_adds_products_and_deleting_the_channel_removes_them(
    client, db, manager, units
):
    data, *_rest = form_cases(units)["channels"]
    channel_url = add(client, "channels", data).headers["Location"]
    channel = only(db, CommChannel)
    product = {"kind": "article", "title": "Khởi động chuyển đổi số", "url": "",
               "published_on": "20/01/2026", "language": "hre"}  # fmt: skip

    assert client.post(channel_url, data=product).status_code == 303
    assert client.post(channel_url, data={**product, "title": "Bài thứ hai"}).status_code == 303

    products = stored(db, CommProduct)
    assert [(p.channel_id, p.language) for p in products] == [(channel.id, "hre")] * 2
    html = client.get(f"/manage/registers/channels/{channel.id}/delete").get_data(as_text=True)
    assert "Cùng bị xóa: 2 sản phẩm." in html

    client.post(f"/manage/registers/channels/{channel.id}/delete")

    assert stored(db, CommChannel) == []
    assert stored(db, CommProduct) == []
