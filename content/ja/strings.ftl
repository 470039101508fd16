# Strings the templates print (Japanese). Data/table labels live in data.ftl.
language-name = 日本語
skip-to-slides = スライドへ移動
skip-to-content = 本文へ移動
nav-views = 表示の切り替え
view-deck = スライド
view-doc = ドキュメント
nav-home = トップ
nav-controls = スライド操作
nav-prev = 前のスライド
nav-next = 次のスライド
nav-overview = 一覧
nav-fullscreen = 全画面
slide-label = スライド { $n } / { $total }: { $title }
doc-title = { $title }(ドキュメント版)
toc = 目次
open-in-deck = スライド { $n } を表示

## Locale formats
number-group-separator = ,
number-decimal-separator = .
money-USD = { $amount } USD
date-long = { $year }年{ $month }月{ $day }日

## Presenter view
presenter-title = { $title }(発表者ビュー)
presenter-notes = 発表者ノート
presenter-no-notes = このスライドにはノートがありません。
