"""Runs the official Python client (accsyn-python-api 3.4.0) against the emulator binary.

Usage: python official_client.py <path to accsyn-emulator binary>

Starts the binary on 127.0.0.1:8181 (the only address the client's AS_DEV=1
mode uses) with seed.json and a frozen clock, runs the product documents'
workflows (users and queries, deliveries, transfers, file sharing, file
operations, publish, settings), and stops it with Ctrl-C (SIGINT). Exits
non-zero on any mismatch.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from harness import Emulator  # noqa: E402


def workflows():
    import accsyn_api
    from accsyn_api.session import AccsynException

    admin = accsyn_api.Session(workspace="acme", username="admin@acme.test", api_key="official-client-admin-key")
    me = admin.find_one("User")
    assert me["code"] == "admin@acme.test", me
    assert "transfer" in admin.find("entitytypes")
    assert "status" in admin.find("attributes WHERE entitytype=delivery")

    # Transfers: create with tasks, find by name, get by id, tasks, update, scopes, delete.
    t = admin.create("transfer", {"name": "my_transfer", "tasks": [
        {"source": "share=projects/delivery/a.mov", "destination": "/tmp/a.mov"}]})
    assert admin.find_one('Transfer WHERE name="my_transfer"')["id"] == t["id"]
    assert admin.get_entity("transfer", t["id"])["name"] == "my_transfer"
    tasks = admin.find("task", entityid=t["id"])
    assert [x["uri"] for x in tasks] == ["0"], tasks
    admin.create("task", {"tasks": [{"source": "share=projects/b.mov", "destination": "/tmp/b.mov"}]}, t["id"])
    assert len(admin.find("task", entityid=t["id"])) == 2
    admin.update("Transfer", t["id"], {"status": "aborted"})
    assert admin.find("Transfer") == []
    assert admin.find("Transfer", finished=True, attributes=["name"])[0]["name"] == "my_transfer"
    assert admin.delete_one("Transfer", t["id"]) is True
    assert admin.find("Transfer", archived=True)[0]["id"] == t["id"]

    # Queries: reference attributes by email, paging, a malformed query.
    for i in range(5):
        admin.create("transfer", {"name": f"backup {i}"})
    assert len(admin.find("transfer WHERE user=admin@acme.test AND name contains backup")) == 5
    assert [x["name"] for x in admin.find("Transfer", skip=1, limit=2)] == ["backup 1", "backup 2"]
    try:
        admin.find("Transfer WHERE status=")
        raise AssertionError("a malformed query was accepted")
    except AccsynException as e:
        assert "invalid query" in str(e), e

    # Users: a standard user sees only their own jobs; admins manage users.
    lisa = accsyn_api.Session(workspace="acme", username="lisa@example.com", api_key="official-client-lisa-key")
    assert lisa.find("Transfer") == []
    mine = lisa.create("transfer", {"name": "lisa's"})
    assert [x["id"] for x in lisa.find("Transfer")] == [mine["id"]]
    new = admin.create("user", {"code": "bob@example.com", "role": "employee"})
    assert admin.find_one("User WHERE code=bob@example.com")["id"] == new["id"]
    try:
        lisa.create("user", {"code": "eve@example.com"})
        raise AssertionError("a standard user created a user")
    except AccsynException:
        pass
    try:
        accsyn_api.Session(workspace="acme", username="lisa@example.com", api_key="wrong")
        raise AssertionError("a wrong key logged in")
    except Exception:
        pass


def delivery_workflow():
    import accsyn_api
    from accsyn_api.session import AccsynException

    admin = accsyn_api.Session(workspace="acme", username="admin@acme.test", api_key="official-client-admin-key")
    # Temporary delivery: init until files and recipients are in place.
    d = admin.create("Delivery", {"name": "Project references"})
    assert d["status"] == "init", d
    assert admin.find_one("Delivery WHERE name='Project references'")["id"] == d["id"]
    assert admin.grant("User", "lisa@example.com", "Delivery", d["id"]) is True
    access = admin.access("Delivery", d["id"])
    assert [a["actioned"] for a in access] == [False], access
    try:
        admin.update("Delivery", d["id"], {"status": "pending"})
        raise AssertionError("a delivery without files was submitted")
    except AccsynException as e:
        assert "at least one file" in str(e), e
    admin.create("Task", {"tasks": ["share=projects/delivery/a.mov"]}, d["id"])
    assert admin.update("Delivery", d["id"], {"status": "pending"})["status"] == "pending"
    assert admin.revoke("User", "lisa@example.com", "Delivery", d["id"]) is True
    assert admin.access("Delivery", d["id"]) == []
    assert admin.update("Delivery", d["id"], {"status": "done"})["status"] == "done"
    assert admin.find("Delivery", finished=True)[0]["id"] == d["id"]

    # From existing storage files: submitted at once; missing files refused.
    d2 = admin.create("Delivery", {"name": "Project reference", "tasks": ["delivery/a.mov"],
                                   "recipients": ["lisa@example.com"]})
    assert d2["status"] == "pending", d2
    assert len(admin.find(f"task WHERE job.id={d2['id']}", entityid=d2["id"])) == 1
    try:
        admin.create("Delivery", {"name": "x", "tasks": ["delivery/missing.mov"], "recipients": ["lisa@example.com"]})
        raise AssertionError("a delivery of a missing file was created")
    except AccsynException as e:
        assert "does not exist" in str(e), e
    lisa = accsyn_api.Session(workspace="acme", username="lisa@example.com", api_key="official-client-lisa-key")
    assert [x["id"] for x in lisa.find("Delivery")] == [d2["id"]]


def delivery_upload_workflow():
    """The deliveries seed end to end: a temporary delivery filled by an
    upload transfer with `parent`, submitted (init -> pending -> waiting once
    sized), and downloaded by its recipient, which marks them actioned."""
    import accsyn_api

    admin = accsyn_api.Session(workspace="acme", username="admin@acme.test", api_key="official-client-admin-key")
    rick = accsyn_api.Session(workspace="acme", username="rick@example.com", api_key="official-client-rick-key")
    rick_id = rick.find_one("User WHERE code=rick@example.com")["id"]

    def advance(seconds):
        admin._event("PUT", "emulator/clock", {"advance": seconds})

    delivery = admin.create("Delivery", {"name": "Concept art"})
    assert delivery["status"] == "init", delivery
    transfer = admin.create("Transfer", {
        "parent": delivery["id"],
        "source": "/Volumes/projects/references/Concept_images.zip",
        "name": "Upload concept images to '{}'".format(delivery["name"]),
    })
    assert transfer["status"] == "waiting", transfer
    assert admin.find(f"task WHERE job.id={delivery['id']}", entityid=delivery["id"]) == []
    advance(1)
    assert admin.get_entity("Transfer", transfer["id"])["status"] == "done"
    files = admin.find(f"task WHERE job.id={delivery['id']}", entityid=delivery["id"])
    # Tasks answer with party objects (seeds/transfers.txt), not path strings.
    assert [f["source"]["path"].rsplit("/", 1)[-1] for f in files] == ["Concept_images.zip"], files

    assert admin.grant("User", "rick@example.com", "Delivery", delivery["id"]) is True
    assert admin.update("Delivery", delivery["id"], {"status": "pending"})["status"] == "pending"
    advance(1)
    sized = admin.get_entity("Delivery", delivery["id"])
    assert (sized["status"], sized["size"]) == ("waiting", 2097152), sized

    # The recipient downloads it with their desktop app.
    received = rick.find_one("Delivery")
    assert received["id"] == delivery["id"], received
    download = rick.create("Transfer", {
        "parent": received["id"],
        "destination": "/tmp",
        "name": "Download '{}'".format(received["name"]),
    })
    assert [a["actioned"] for a in admin.access("Delivery", delivery["id"])] == [False]
    beneath = admin.find(f"Transfer WHERE parent={delivery['id']} AND user={rick_id}")
    assert [t["id"] for t in beneath] == [download["id"]], beneath
    advance(1)
    assert rick.get_entity("Transfer", download["id"])["status"] == "done"
    access = admin.access("Delivery", delivery["id"])
    assert [(a["user"], a["actioned"]) for a in access] == [(rick_id, True)], access
    assert len(admin.find(f"Transfer WHERE parent={delivery['id']}", finished=True)) == 2
    assert admin.update("Delivery", delivery["id"], {"status": "done"})["status"] == "done"


def transfer_workflow():
    import accsyn_api

    admin = accsyn_api.Session(workspace="acme", username="admin@acme.test", api_key="official-client-admin-key")

    def advance(seconds):
        # The emulator's admin-only clock event; its clock is frozen (--time-scale 0).
        admin._event("PUT", "emulator/clock", {"advance": seconds})

    # 30 MiB at the emulator's 10 MiB per emulated second.
    t = admin.create("Transfer", {"source": "share=projects/big.bin", "destination": "/Volumes/EDIT/big.bin"})
    assert t["name"] == "big.bin" and t["status"] == "waiting", t
    advance(1)
    t = admin.get_entity("Transfer", t["id"])
    assert (t["status"], t["progress"]) == ("running", 33), t
    admin.update("Transfer", t["id"], {"status": "paused"})
    advance(60)
    assert admin.get_entity("Transfer", t["id"])["progress"] == 33
    admin.update("Transfer", t["id"], {"status": "waiting"})
    advance(5)
    t = admin.get_entity("Transfer", t["id"])
    assert (t["status"], t["progress"]) == ("done", 100), t

    # Tasks: add, exclude one with update_many, a missing source fails the job.
    job = admin.create("Transfer", {"tasks": [
        {"source": "share=projects/delivery/a.mov", "destination": "/tmp/a.mov"},
        {"source": "share=projects/big.bin", "destination": "/tmp/big.bin"}]})
    admin.update_many("Task", job["id"], [{"uri": "1", "status": "excluded"}])
    advance(1)
    assert admin.get_entity("Transfer", job["id"])["status"] == "done"
    tasks = admin.find("Task", entityid=job["id"])
    statuses = [x["status"] for x in tasks]
    assert statuses == ["done", "excluded"], statuses
    # The seed's task shape: UUID ids, party objects, the job named in job_hr.
    first = tasks[0]
    assert len(first["id"].split("-")) == 5, first
    assert (first["source"]["path"], first["destination"]["path"]) == ("delivery/a.mov", "/tmp/a.mov"), first
    assert "v" in first["source"] and first["destination"]["user"] == job["user"], first
    assert first["job"] == job["id"] and job["id"] in first["job_hr"], first
    bad = admin.create("Transfer", {"source": "share=projects/nope.mov", "destination": "/tmp/nope.mov"})
    advance(1)
    assert admin.get_entity("Transfer", bad["id"])["status"] == "failed"


def file_sharing_workflow():
    """The file-sharing seed: servers, volumes, folders with ACLs, homes,
    collections, deactivate/activate and delete."""
    import accsyn_api
    from accsyn_api.session import AccsynException

    admin = accsyn_api.Session(workspace="acme", username="admin@acme.test", api_key="official-client-admin-key")
    lisa = accsyn_api.Session(workspace="acme", username="lisa@example.com", api_key="official-client-lisa-key")
    rick = accsyn_api.Session(workspace="acme", username="rick@example.com", api_key="official-client-rick-key")
    lisa_id = admin.find_one("User WHERE code=lisa@example.com")["id"]
    rick_id = admin.find_one("User WHERE code=rick@example.com")["id"]

    servers = admin.find("Server")
    assert len(servers) == 2 and all(s["type"] == 1 for s in servers), servers
    server = next(s["id"] for s in servers if s["site"] == "hq")
    site_server = next(s["id"] for s in servers if s["code"] == "london")
    projects = admin.find_one("Volume WHERE code=projects")
    assert projects["default"] is True and projects["type"] == "volume", projects

    # Volumes: create (admins only), rename, new code, paths, status, servers.
    volume = admin.create("Volume", {
        "name": "Backup", "code": "backup",
        "paths": {"windows": "B:", "linux": "/backup", "mac": "/Volumes/backup"},
        "server": server, "siteservers": [site_server]})
    assert volume["code"] == "backup" and volume["status"] == "enabled", volume
    assert volume["siteservers"] == [site_server], volume
    try:
        rick.create("Volume", {"name": "x", "code": "x", "server": server})
        raise AssertionError("an employee created a volume")
    except AccsynException:
        pass
    assert admin.update("Volume", volume["id"], {"name": "Backup 2"})["name"] == "Backup 2"
    assert admin.update("Volume", volume["id"], {"code": "backup2"})["code"] == "backup2"
    admin.update("Volume", volume["id"], {"paths": {"windows": "C:", "linux": "/backup2", "mac": "/Volumes/backup2"}})
    assert admin.update("Volume", volume["id"], {"status": "disabled"})["status"] == "disabled"
    assert admin.assignments("Volume", volume["id"])[0]["client"] == server
    assert admin.deassign("Volume", "server", {"volume": volume["id"], "server": server}) is True
    assert [a["client"] for a in admin.assignments("Volume", volume["id"])] == [site_server]
    assert admin.deassign("Volume", "server", {"volume": volume["id"], "server": site_server}) is True
    assert admin.assignments("Volume", volume["id"]) == []
    assert admin.assign("Volume", "server", {"volume": volume["id"], "server": server}) is True
    assert admin.assign("Volume", "server", {"volume": volume["id"], "server": site_server}) is True
    assert [(a["client"], a["site"]) for a in admin.assignments("Volume", volume["id"])] == [
        (server, "hq"), (site_server, "london")]

    # An employee granted a volume has full access to it.
    acl = admin.grant("User", rick_id, "Volume", projects["id"])
    assert acl["read"] and acl["write"], acl
    assert [v["code"] for v in rick.find("Volume")] == ["projects"]
    assert any(a["user"] == rick_id for a in admin.access("Volume", projects["id"]))

    # Folders: shared beneath a volume, not accessible until granted.
    folder = admin.create("Folder", {"parent": projects["id"], "path": "projects/TheProject",
                                     "name": "TheProject", "code": "theproject"})
    assert folder["parent"] == projects["id"], folder
    assert lisa.find("Folder") == []
    admin.grant("User", lisa_id, "Folder", folder["id"], {
        "path": "FROM_VENDORS/acmevfx", "read": True, "write": True, "notify": True,
        "message": "Please upload your files here."})
    try:
        admin.grant("User", lisa_id, "Folder", folder["id"], {"read": False, "write": False})
        raise AssertionError("an ACL granting nothing was accepted")
    except AccsynException:
        pass
    assert [f["id"] for f in lisa.find("Folder")] == [folder["id"]]
    access = admin.access("Folder", folder["id"])
    assert [(a["user"], a["path"], a["write"]) for a in access] == [(lisa_id, "FROM_VENDORS/acmevfx", True)], access
    recursive = admin.access("Volume", projects["id"], recursive=True)
    assert {a["user"] for a in recursive} == {rick_id, lisa_id}, recursive
    assert lisa.mkdir("share=theproject/FROM_VENDORS/acmevfx/in") is True
    admin.update("Folder", folder["id"], {"status": "disabled"})
    admin.update("Folder", folder["id"], {"queue": "5ac60a8b1da7ee7eb4d146cf", "status": "enabled"})

    # Homes: by user id or email, granted separately.
    home = admin.create("Home", {"user": "lisa@example.com"})
    assert home["user"] == lisa_id, home
    assert lisa.find("Home") == []
    admin.grant("User", "lisa@example.com", "Home", home["id"])
    assert [h["id"] for h in lisa.find("Home")] == [home["id"]]
    try:
        admin.deactivate_one("Home", home["id"])
        raise AssertionError("a home share was deactivated")
    except AccsynException:
        pass

    # Collections: files from several shares, listed, added, removed.
    collection = admin.create("Collection", {"name": "Project startup", "files": [
        "volume=assets/ASSETS/templates/vendor_structure", "folder=theproject/admin/theproject-specs-v1.2.doc"]})
    files = admin.find("File", entityid=collection["id"])
    assert len(files) == 2, files
    try:
        admin.create("Collection", {"name": "abs", "files": ["/etc/passwd"]})
        raise AssertionError("an absolute collection path was accepted")
    except AccsynException:
        pass
    added = admin.create("File", {"files": ["share=theproject/ref/mp_ref.tif"]}, collection["id"])
    assert added["path"] == "share=theproject/ref/mp_ref.tif", added
    assert len(admin.find("File", entityid=collection["id"])) == 3
    assert admin.delete_many("Collection", collection["id"], {"files": [added["id"]]}) is True
    assert admin.delete_many("Collection", collection["id"], {"files": [added["id"]]}) is False

    # Revoke.
    assert admin.revoke("User", lisa_id, "Folder", folder["id"]) is True
    assert admin.revoke("User", lisa_id, "Folder", folder["id"]) is False
    assert lisa.find("Folder") == []

    # Deactivate, activate, delete.
    assert admin.deactivate_one("Folder", folder["id"]) is True
    assert admin.find("Folder") == []
    assert admin.find("Folder", inactive=True)[0]["inactive"] is True
    assert admin.activate_one("Folder", folder["id"]) is True
    assert [f["id"] for f in admin.find("Folder")] == [folder["id"]]
    assert admin.delete_one("Collection", collection["id"]) is True
    assert admin.find("Collection", archived=True)[0]["id"] == collection["id"]
    assert admin.delete_one("Volume", volume["id"]) is True
    assert [v["code"] for v in admin.find("Volume")] == ["projects", "assets"]


def file_operations_workflow():
    import accsyn_api
    from accsyn_api.session import AccsynException

    admin = accsyn_api.Session(workspace="acme", username="admin@acme.test", api_key="official-client-admin-key")
    listing = admin.ls("share=projects/delivery", recursive=True, maxdepth=2, getsize=True)
    names = [f["filename"] for f in listing["files"]]
    assert "a.mov" in names, listing
    only = admin.ls("share=projects/delivery", include="*v003*")
    assert [f["filename"] for f in only["files"]] == ["TRAILER_screening_v003.mov"], only
    assert admin.getsize("share=projects/delivery")["size"] >= 1048576
    assert admin.exists("share=projects/delivery/a.mov") is True
    assert admin.exists("share=projects/delivery/nope.mov") is False
    assert admin.mkdir("share=projects/newdir") is True
    assert admin.rename("share=projects/newdir", "share=projects/newdir2") is True
    assert admin.mv("share=projects/newdir2", "share=projects/archive/newdir2") is True
    assert admin.exists("share=projects/archive/newdir2") is True
    try:
        admin.delete("share=projects/archive")
        raise AssertionError("a non-empty folder was deleted without force")
    except AccsynException:
        pass
    assert admin.delete("share=projects/archive", force=True) is True
    for escape in ["share=projects/../..", "/etc/passwd", "share=projects/a/../../../x"]:
        try:
            admin.ls(escape)
            raise AssertionError(f"{escape} was listed")
        except AccsynException:
            pass


def publish_workflow():
    import accsyn_api

    admin = accsyn_api.Session(workspace="acme", username="admin@acme.test", api_key="official-client-admin-key")

    def advance(seconds):
        admin._event("PUT", "emulator/clock", {"advance": seconds})

    answer = admin.prepublish([
        {"id": "33d59998-c980-4b82-9f6d-06ce27201d26", "filename": "first_file", "size": 10240, "is_dir": False},
        {"id": "dda32b0f-36e5-4a5f-9379-fdfabfd482e1", "filename": "proj_task001_v001", "is_dir": True,
         "files": [{"filename": "file.0001.exr", "size": 1000000}]},
    ])
    first, second = answer["files"]
    assert first["can_upload"] is True and "not published" in first["warning"], first
    assert second["can_publish"] is True and second["ident"], second
    assert answer["tasks"] == ["proj_task001_v001"] and answer["guidelines"], answer
    job = admin.create("job", {
        "code": "abcd1234_publish",
        "tasks": [
            {"id": "33d59998-c980-4b82-9f6d-06ce27201d26", "source": "/Volumes/NAS01/first_file"},
            {"id": "dda32b0f-36e5-4a5f-9379-fdfabfd482e1", "source": "/Volumes/NAS01/proj_task001_v001"},
        ],
        "hooks": [{"when": "hook-job-publish-server", "data": {"files": answer["files"]}}],
    })
    ids = [t["id"] for t in admin.find("Task", entityid=job["id"])]
    assert ids == ["33d59998-c980-4b82-9f6d-06ce27201d26", "dda32b0f-36e5-4a5f-9379-fdfabfd482e1"], ids
    advance(2)
    assert admin.get_entity("Transfer", job["id"])["status"] == "done"
    assert admin.exists("share=projects/publish/uploads/first_file") is True
    assert admin.exists("share=projects/publish/proj/proj_task001_v001/file.0001.exr") is True


def settings_workflow():
    import accsyn_api

    admin = accsyn_api.Session(workspace="acme", username="admin@acme.test", api_key="official-client-admin-key")
    queue = "0123456789abcdef01234567"
    assert admin.get_setting("compute_avoid", entitytype="queue", entityid=queue) == ""
    assert admin.set_setting("queue", "compute_avoid", "disable", entityid=queue) is True
    assert admin.get_setting("compute_avoid", entitytype="queue", entityid=queue) == "disable"
    assert admin.get_settings(entitytype="queue", entityid=queue) == {"compute_avoid": "disable"}
    assert admin.delete_setting("queue", "compute_avoid", entityid=queue) is True
    assert admin.get_settings(entitytype="queue", entityid=queue) == {}
    assert admin.get_settings(entitytype="workspace", omit_defaults=False)["job_retention_days"] == "14"


def task_added_workflow():
    """A paused transfer given a second task, then resumed: both run."""
    import accsyn_api

    admin = accsyn_api.Session(workspace="acme", username="admin@acme.test", api_key="official-client-admin-key")

    def advance(seconds):
        admin._event("PUT", "emulator/clock", {"advance": seconds})

    t = admin.create("Transfer", {"source": "share=projects/delivery/TRAILER_screening_v003.mov",
                                  "destination": "/Volumes/EDIT/from_client", "status": "paused"})
    admin.create("Task", {"tasks": {"source": "share=projects/delivery/TRAILER_screening_v004.mov",
                                    "destination": "/Volumes/EDIT/from_client/TRAILER_screening_v004.mov"}},
                 entityid=t["id"])
    admin.update("Transfer", t["id"], {"status": "waiting"})
    advance(5)
    tasks = admin.find("Task", entityid=t["id"])
    assert [x["status"] for x in tasks] == ["done", "done"], tasks
    assert all(x["destination"].get("path_abs_final") for x in tasks), tasks
    assert admin.get_entity("Transfer", t["id"])["status"] == "done"


def main():
    with Emulator(sys.argv[1]) as emu:
        workflows()
        delivery_workflow()
        delivery_upload_workflow()
        transfer_workflow()
        file_sharing_workflow()
        file_operations_workflow()
        publish_workflow()
        settings_workflow()
        task_added_workflow()
        print("official client workflows: ok")
    emu.remove_data_dir()
    if emu.exit_code != 0:
        raise SystemExit(f"emulator exited with {emu.exit_code} after Ctrl-C")


if __name__ == "__main__":
    main()
