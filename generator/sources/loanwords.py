"""How Korean writes English words of computing: 포트 is "port" to a Korean reader.

The giveaway check reads this table to see that a Korean front gives away a
hidden English word: the card ``docker [...] <container>`` for ``docker port``
whose meaning says "어느 포트가 게시됐는지" answers itself as surely as an
English meaning that says "port". The table holds the loanwords the Docker deck
uses, as its glossary spells them (README, "Glossary"), plus a few close ones
a Docker or computing deck is likely to use. Translations (중지 for stop, 삭제
for remove) are not loanwords: they do not sound like the hidden word, so they
are not here. Spellings that are also everyday Korean (풀 for pull, 키 for key,
탭 for tab) are left out on purpose: they would be found in 풀어, 키우다 and
the like, where no English word is meant.

A compound that is two words of the table ("healthcheck") is found written as
the two spellings with or without a space ("헬스 체크", "헬스체크").
"""

from __future__ import annotations

LOANWORDS: dict[str, tuple[str, ...]] = {
    "app": ("앱", "애플리케이션"),
    "base": ("베이스",),
    "bind": ("바인드",),
    "bridge": ("브리지",),
    "build": ("빌드",),
    "builder": ("빌더",),
    "cache": ("캐시",),
    "check": ("체크",),
    "client": ("클라이언트",),
    "commit": ("커밋",),
    "container": ("컨테이너",),
    "context": ("컨텍스트",),
    "daemon": ("데몬",),
    "dangling": ("댕글링",),
    "digest": ("다이제스트",),
    "docker": ("도커",),
    "driver": ("드라이버",),
    "file": ("파일",),
    "filter": ("필터",),
    "format": ("포맷",),
    "health": ("헬스",),
    "host": ("호스트",),
    "image": ("이미지",),
    "instance": ("인스턴스",),
    "kernel": ("커널",),
    "layer": ("레이어",),
    "legacy": ("레거시",),
    "library": ("라이브러리",),
    "linux": ("리눅스",),
    "log": ("로그",),
    "login": ("로그인",),
    "metadata": ("메타데이터",),
    "mount": ("마운트",),
    "namespace": ("네임스페이스",),
    "network": ("네트워크",),
    "option": ("옵션",),
    "port": ("포트",),
    "process": ("프로세스",),
    "push": ("푸시",),
    "registry": ("레지스트리",),
    "script": ("스크립트",),
    "service": ("서비스",),
    "shell": ("셸",),
    "stage": ("스테이지",),
    "system": ("시스템",),
    "tag": ("태그",),
    "target": ("타깃",),
    "template": ("템플릿",),
    "terminal": ("터미널",),
    "volume": ("볼륨",),
}
