"""Explorar os dados do balanço num notebook ou no terminal.

Porta de entrada (the public, Portuguese API for analysts)::

    from balanco.explorar import abrir_ano
    dados = abrir_ano(2024)
    dados                                   # o que há para ver
    dados.linhas("procon", "atendimentos")  # linhas do ano + conta_no_indicador
    dados.tabela("procon", "por_mes")       # cada tabela do relatório
    dados.indicadores()                     # os indicadores, numa tabela

As pastas são achadas a partir da raiz do projeto (a pasta que tem
``data/raw``), onde quer que o kernel tenha sido iniciado: ``notebooks/``, uma
subpasta, a raiz. Os dados processados são preparados se faltarem ou estiverem
desatualizados. As colunas têm os nomes publicados nos dados abertos
(``grupo_assunto``, ``faixa_etaria_consumidor``…; veja
``reports/<ano>/dados-abertos/dicionario.md``).

Os dados daqui são **internos**: trazem as colunas pessoais (nomes, CEP
completo). Para publicar, use ``balanco exportar`` ou :meth:`Ano.dados_abertos`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .config import settings as make_settings
from .departments import BY_NAME, DEPARTMENTS
from .errors import did_you_mean
from .open_data import datasets, lgpd
from .pipeline import YearData, open_year

__all__ = ["Ano", "NaoExiste", "abrir_ano"]


class NaoExiste(KeyError):
    """Um departamento, conjunto ou tabela que não existe (a mensagem sugere o certo)."""

    def __str__(self) -> str:
        return str(self.args[0])


def _choose(kind: str, value: str, choices: list[str]) -> None:
    if value not in choices:
        raise NaoExiste(
            f"{kind} {value!r} não existe; existentes: {', '.join(choices)}."
            + did_you_mean(value, choices)
        )


@dataclass
class Ano:
    """Os dados de um ano do balanço: linhas de cada conjunto, tabelas e indicadores.

    Crie com :func:`abrir_ano`. ``dados.ano`` é o ano; ``dados.pastas`` diz de
    onde vieram os dados.
    """

    ano: int
    _dados: YearData = field(repr=False)
    _settings: object = field(repr=False)
    _tabelas: dict[str, dict[str, pd.DataFrame]] = field(default_factory=dict, repr=False)

    # ----------------------------------------------------------------- o que existe
    @property
    def departamentos(self) -> list[str]:
        """Os departamentos, na ordem do balanço."""
        return [d.NAME for d in DEPARTMENTS]

    def conjuntos(self, departamento: str | None = None) -> list[tuple[str, str]]:
        """Os pares (departamento, conjunto) que :meth:`linhas` aceita."""
        return [
            (s.department, s.table)
            for s in datasets.DATASETS
            if departamento in (None, s.department)
        ]

    def nomes_tabelas(self, departamento: str) -> list[str]:
        """Nomes das tabelas do departamento aceitos por :meth:`tabela`."""
        return list(self._breakdowns(departamento))

    @property
    def pastas(self) -> dict[str, Path]:
        """As pastas usadas: dados brutos e processados do ano."""
        s = self._settings
        return {"brutos": s.raw_dir(self.ano), "processados": s.processed_dir(self.ano)}

    # ----------------------------------------------------------------- dados
    def linhas(self, departamento: str, conjunto: str) -> pd.DataFrame:
        """As linhas do ano de um conjunto, com a coluna ``conta_no_indicador``.

        Só as linhas do ano (nada do ano anterior); ``conta_no_indicador`` é
        ``True`` quando a linha entra no indicador pela regra do departamento
        (ex.: um convênio anulado ou uma audiência redesignada aparece com
        ``False``). Colunas com os nomes dos dados abertos, inclusive as
        pessoais (dados internos). Uma cópia: pode alterar à vontade.

        Ex.: ``dados.linhas("procon", "atendimentos")``.
        """
        _choose("departamento", departamento, self.departamentos)
        _choose("conjunto", conjunto, [c for d, c in self.conjuntos() if d == departamento])
        spec = datasets.dataset(departamento, conjunto)
        frame = self._dados.tables[departamento][conjunto]
        return datasets.year_rows(frame, spec, self.ano)

    def dados_abertos(
        self, departamento: str, conjunto: str, *, k: int = lgpd.K_DEFAULT
    ) -> pd.DataFrame:
        """O que ``balanco exportar`` publica desse conjunto: sem nomes, CEP
        generalizado, k-anonimato de sexo × faixa etária × CEP."""
        rows = self.linhas(departamento, conjunto)
        spec = datasets.as_published(datasets.dataset(departamento, conjunto), self._settings)
        names = lgpd.known_names(self._dados.tables)
        return lgpd.publishable(rows, spec, k=k, names=names)

    def tabela(self, departamento: str, nome: str) -> pd.DataFrame:
        """Uma das tabelas do relatório do departamento (as dos gráficos).

        Ex.: ``dados.tabela("procon", "por_mes")``; a lista está em
        ``dados.nomes_tabelas("procon")``.
        """
        _choose("departamento", departamento, self.departamentos)
        tables = self._breakdowns(departamento)
        _choose("tabela", nome, list(tables))
        return tables[nome].copy()

    def indicadores(self) -> pd.DataFrame:
        """Os indicadores do ano: chave, departamento, rótulo, definição, unidade,
        valor (vazio quando não disponível), motivo e arquivos de origem."""
        rows = [
            {
                "chave": i.key,
                "departamento": i.department,
                "rotulo": i.label,
                "definicao": i.definition,
                "unidade": i.unit,
                "valor": i.value,
                "motivo": i.reason,
                "fontes": "; ".join(i.sources),
            }
            for i in self._dados.indicators.values()
        ]
        return pd.DataFrame(rows).set_index("chave")

    def _breakdowns(self, departamento: str) -> dict[str, pd.DataFrame]:
        if departamento not in self._tabelas:
            dept = BY_NAME[departamento]
            self._tabelas[departamento] = dept.breakdowns(
                self._dados.tables[departamento], year=self.ano
            )
        return self._tabelas[departamento]

    def __repr__(self) -> str:
        kind = ""
        if self._dados.extra.get("demo"):
            kind = " (dados fictícios de demonstração)"
        elif self._dados.synthetic:
            kind = " (dados sintéticos de exemplo)"
        town = self._settings.municipality
        lines = [f"Balanço {self.ano} de {town}{kind} — {len(self._dados.indicators)} indicadores"]
        lines.append('linhas(departamento, conjunto), ex.: linhas("procon", "atendimentos"):')
        for d in self.departamentos:
            lines.append(f"  {d}: {', '.join(c for _, c in self.conjuntos(d))}")
        lines.append("tabela(departamento, nome):")
        for d in self.departamentos:
            lines.append(f"  {d}: {', '.join(self.nomes_tabelas(d))}")
        lines.append("indicadores(): a tabela dos indicadores")
        return "\n".join(lines)


def abrir_ano(
    ano: int,
    *,
    pasta_dados: str | None = None,
    raiz: str | Path | None = None,
    municipio: str | None = None,
) -> Ano:
    """Abre os dados de um ano para explorar.

    ``raiz`` é a pasta do projeto (padrão: a que tem ``data/raw``, procurada a
    partir da pasta atual para cima, ou ``$BALANCO_ROOT``); ``pasta_dados`` a
    pasta de dados relativa à raiz (padrão: ``data``). Prepara os dados
    processados se for preciso; dados brutos com problemas levantam
    ``BadInput`` com a lista dos problemas. ``municipio`` escolhe o arquivo
    ``municipios/<municipio>.toml`` (padrão: o município padrão).
    """
    s = make_settings(data_dir=pasta_dados, root=raiz, municipio=municipio)
    return Ano(ano, open_year(s, ano), s)
