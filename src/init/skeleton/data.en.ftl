## Units and prices: prices arrive formatted with their unit as { $<price-id> }, quantities as
## { $<price-id>-gb }, { $<price-id>-count }, { $<price-id>-hours }.

unit-hour = hour
unit-gb-month = GB-month
price-per-unit = { $price }/{ $unit }

## Cost tables

cost-col-service = Item
cost-col-formula = Formula
cost-col-amount = Monthly cost ({ $currency })
cost-caption-small = Small setup: monthly cost ({ $hours } hours)
cost-caption-large = Large setup: monthly cost ({ $hours } hours)
cost-total = Estimated monthly total
cost-line-small-servers = Servers ({ $vm-small-count } × { $vm-small })
cost-line-large-servers = Servers ({ $vm-large-count } × { $vm-large })
cost-line-storage = Storage ({ $storage-gb } GB, { $storage })
cost-note-rounding = Each line is rounded to the cent; the total is the sum of the rounded lines.
cost-note-as-of = Prices as of { $date }.
cost-note-sources = Sources:

## Comparisons and charts

scenario-small = Small
scenario-large = Large
cost-compare-caption-sizes = Small and large setups: monthly cost ({ $hours } hours)
cost-col-platform = Setup
cost-col-monthly-total = Monthly total ({ $currency })
cost-compare-difference = Difference ({ $versus } − { $base })
cost-diff-positive = +{ $amount }
cost-diff-negative = −{ $amount }
cost-diff-zero = { $amount }
cost-short-servers = Servers
cost-short-storage = Storage
chart-list-separator = {"; "}
chart-segment = { $label }: { $amount }
chart-cost-bar = { $name }: { $total } a month ({ $lines }).
chart-phase = { $status }: { $from } to { $to }
chart-lifecycle-row = { $name }: { $phases }.
chart-as-of = As of { $date }
chart-year = { $year }
data-as-of = Prices as of { $pricing }.
