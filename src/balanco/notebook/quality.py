"""The report's checks: each published figure beside the computed one, and the
"Qualidade dos dados" section (warnings, acceptances, the municipality's own
spellings, the checks performed)."""

from __future__ import annotations

from .. import checks, formatting, published
from ..departments import enabled
from ..display import Bullets, Group, Paragraphs, Table
from .base import ReportBase


class Quality(ReportBase):
    """The reconciliation with the published figures and the data quality."""

    # ----------------------------------------------------------------- reconciliation
    def reconciliation(self) -> Table | Paragraphs:
        """Each published figure beside the computed value."""
        pub = published.load(self.settings, self.year)
        if pub is None:
            return Paragraphs(
                [
                    f"Não há números publicados para {self.year}: não há com o que "
                    "conferir os números calculados."
                ]
            )
        rec, outside = published.reconciled(self.settings, self.data.indicators, pub)
        rows = [
            [
                r.indicador,
                r.publicado,
                r.calculado or "—",
                "igual" if r.confere else ("não disponível" if not r.disponivel else "DIFERENTE"),
            ]
            for r in rec.itertuples()
        ]
        ok = int(rec["confere"].sum())
        note = f"Fonte do publicado: {pub.source}." + (f" {outside}" if outside else "")
        return Table(
            ["Indicador", "Publicado", "Calculado", "Conferência"],
            rows,
            align="lrrl",
            widths=(0.42, 0.18, 0.18, 0.14),
            caption=f"{ok} de {len(rec)} números do release conferem com os calculados",
            note=note,
        )

    # ----------------------------------------------------------------- data quality
    def quality(self) -> Group:
        """The "Qualidade dos dados" section: the checks' warnings and the acceptances
        of aceites.toml (this department's only, in a department's report), or that
        every check passed."""
        dept = self.department

        def mine(found: list[checks.Problem]) -> list[checks.Problem]:
            return [f for f in found if dept is None or f.department in (dept, None)]

        alerts, accepted = mine(self.data.alertas), mine(self.data.aceites)
        spellings = [g for g in self.data.grafias if dept is None or g.get("departamento") == dept]
        # The checks as conditions, not in bold: a list of bold titles ("Nenhum registro
        # no ano do balanço") reads as if each had been found.
        # A department's report lists the checks that concern it, not another's.
        names = [dept] if dept is not None else [d.NAME for d in enabled(self.settings)]
        performed = list(checks.performed(names))
        blocking = [c.title for c in performed if c.severity == checks.BLOCKING]
        warning = [c.title for c in performed if c.severity != checks.BLOCKING]
        done: list[Paragraphs | Bullets] = (
            []
            if not performed
            else [
                Paragraphs(
                    [
                        "Antes da publicação, os dados de cada ano passam por verificações "
                        "automáticas. "
                        + (
                            "Estas situações impedem a publicação, quando encontradas:"
                            if blocking
                            else "Estas situações geram um alerta, descrito nesta seção quando "
                            "encontradas:"
                        )
                    ],
                    heading="Verificações feitas antes da publicação",
                ),
                Bullets(blocking or warning),
            ]
        )
        if blocking and warning:
            done += [
                Paragraphs(
                    ["Estas outras geram um alerta, descrito nesta seção quando encontradas:"]
                ),
                Bullets(warning),
            ]
        parts: list[Paragraphs | Bullets] = []
        if not alerts and not accepted and not spellings:
            parts.append(
                Paragraphs(
                    [
                        f"Todas as verificações de completude e plausibilidade passaram nos "
                        f"dados de {self.year}: nenhum alerta e nenhum resultado aceito "
                        "manualmente."
                    ]
                )
            )
        if alerts:
            parts.append(
                Paragraphs(
                    [
                        f"As verificações encontraram "
                        f"{formatting.plural(len(alerts), 'alerta', 'alertas')} nos dados de "
                        f"{self.year}. Os números deste relatório foram calculados com os "
                        "dados recebidos; os pontos abaixo devem ser conferidos antes de "
                        "citá-los."
                    ]
                )
            )
            parts.append(Bullets([(f.title, _sentence(f.mensagem)) for f in alerts]))
        if accepted:
            parts.append(
                Paragraphs(
                    [
                        "Resultados que bloqueariam a publicação e foram aceitos pela "
                        f"Secretaria para os dados de {self.year}, cada um com o seu motivo:"
                    ]
                )
            )
            parts.append(
                Bullets(
                    [
                        (
                            f.title,
                            f"{_sentence(f.mensagem)} Motivo do aceite: {f.acceptance.motivo}"
                            + (
                                f" (responsável: {f.acceptance.responsavel})"
                                if f.acceptance.responsavel
                                else ""
                            )
                            + ".",
                        )
                        for f in accepted
                        if f.acceptance is not None
                    ]
                )
            )
        if spellings:
            parts.extend(_spellings(spellings))
        return Group([*parts, *done])


def _spellings(used: list[dict[str, object]]) -> list[Paragraphs | Bullets]:
    """The municipality's own spellings of closed vocabularies that were read as an
    accepted value (like an acceptance: said in the report, never silent); the
    first lines of each (all are in indicadores.json, up to its limit)."""
    items = []
    for g in used:
        count = int(g["registros"])  # type: ignore[call-overload]
        lines = [str(n) for n in g["linhas"]][:10]  # type: ignore[attr-defined]
        where = ("linha " if len(lines) == 1 else "linhas ") + ", ".join(lines)
        where += ", …" if count > len(lines) else ""
        items.append(
            (
                f"{g['arquivo']}, coluna {g['coluna']}",
                f'"{g["valor"]}" lido como "{g["aceito_como"]}" em '
                f"{formatting.plural(count, 'registro', 'registros')} ({where}).",
            )
        )
    intro = (
        "Valores escritos de forma diferente dos valores aceitos e que a Secretaria "
        "declarou, no arquivo de configuração do município, equivalentes a um valor "
        "aceito; foram contados como esse valor:"
    )
    return [Paragraphs([intro]), Bullets(items)]


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."
