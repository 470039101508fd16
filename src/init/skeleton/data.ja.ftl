## 単位と価格: 価格は単位付きで { $<price-id> }、数量は { $<price-id>-gb }、{ $<price-id>-count }、
## { $<price-id>-hours } として渡されます。

unit-hour = 時間
unit-gb-month = GB-月
price-per-unit = { $price }/{ $unit }

## 料金表

cost-col-service = 項目
cost-col-formula = 計算式
cost-col-amount = 月額 ({ $currency })
cost-caption-small = 小構成の月額 ({ $hours }時間)
cost-caption-large = 大構成の月額 ({ $hours }時間)
cost-total = 想定月額合計
cost-line-small-servers = サーバー ({ $vm-small-count }台 × { $vm-small })
cost-line-large-servers = サーバー ({ $vm-large-count }台 × { $vm-large })
cost-line-storage = ストレージ ({ $storage-gb }GB, { $storage })
cost-note-rounding = 各行の金額は1セント未満を四捨五入し、合計は四捨五入後の各行の和です。
cost-note-as-of = 価格は{ $date }時点。
cost-note-sources = 出典:

## 比較とグラフ

scenario-small = 小構成
scenario-large = 大構成
cost-compare-caption-sizes = 小構成と大構成の月額 ({ $hours }時間)
cost-col-platform = 構成
cost-col-monthly-total = 月額合計 ({ $currency })
cost-compare-difference = 差額 ({ $versus } − { $base })
cost-diff-positive = +{ $amount }
cost-diff-negative = −{ $amount }
cost-diff-zero = { $amount }
cost-short-servers = サーバー
cost-short-storage = ストレージ
chart-list-separator = 、
chart-segment = { $label }: { $amount }
chart-cost-bar = { $name }: 月額 { $total } ({ $lines })。
chart-phase = { $status }: { $from }から{ $to }まで
chart-lifecycle-row = { $name }: { $phases }。
chart-as-of = { $date }時点
chart-year = { $year }年
data-as-of = 価格は{ $pricing }時点のデータです。
