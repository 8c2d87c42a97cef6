"""Bad input ends in one line and a documented exit code, never a traceback (issue 2, acceptance 4)."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli
from tidings.errors import InputError
from tidings.readers.validate import decode_article


def _one_line_error(proc, code):
    err = proc.stderr.decode()
    assert proc.returncode == code, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("tidings: error:"), err
    assert proc.stdout == b""
    return lines[0]


def test_empty_file(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"  \n\n ")
    assert "empty" in _one_line_error(run_cli("code", str(f)), 2)


def test_binary_file(tmp_path):
    f = tmp_path / "image.png"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40)
    assert "binary" in _one_line_error(run_cli("code", str(f)), 2)


def test_twenty_megabyte_file(tmp_path):
    f = tmp_path / "huge.txt"
    line = b"Chinese President Xi Jinping met South Korean President Lee Jae Myung in Beijing.\n"
    f.write_bytes(line * (20_000_000 // len(line) + 1))
    assert "MB" in _one_line_error(run_cli("code", str(f)), 2)


def test_latin1_file(tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes("Le président de la République a reçu le ministre.".encode("latin-1"))
    assert "UTF-8" in _one_line_error(run_cli("code", str(f)), 2)


def test_missing_file_and_bad_date(tmp_path):
    assert "no such file" in _one_line_error(run_cli("code", str(tmp_path / "nope.txt")), 2)
    f = tmp_path / "ok.txt"
    f.write_text("Japan praised Kenya.")
    assert "date" in _one_line_error(run_cli("code", str(f), "--date", "next Tuesday"), 2)


def test_a_mistyped_option_gets_click_usage_message_not_an_internal_error(tmp_path):
    f = tmp_path / "ok.txt"
    f.write_text("Japan praised Kenya.")
    proc = run_cli("code", str(f), "--jsn")
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "No such option: --jsn" in err and "internal error" not in err and "Traceback" not in err
    assert proc.stdout == b""


def test_empty_stdin():
    assert "empty" in _one_line_error(run_cli("code", "-", stdin=b""), 2)


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02", "caf\xe9".encode("latin-1")])
def test_decoder_rejects(data):
    with pytest.raises(InputError):
        decode_article(data)


def test_text_without_events_is_a_clean_empty_result(pipe):
    coded = pipe.code("The weather was mild and the markets were quiet.", date="2025-01-01")
    assert coded.events == () and coded.quotes == ()
