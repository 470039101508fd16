### Computed tables (src/markdown/directive.rs): cost tables, comparisons and lifecycles.
### Every number comes from data/*.toml as an argument: prices arrive formatted with their unit as
### { $<price-id> } (e.g. { $eks-cluster } = "0.10 USD/時間"), quantities as { $<price-id>-gb },
### { $<price-id>-count } and { $<price-id>-hours }.

## Units and prices

unit-hour = 時間
unit-gb-month = GB/月
unit-gb = GB
unit-month = 月
price-per-unit = { $price }/{ $unit }

## Cost tables

cost-col-service = AWSサービス
cost-col-formula = 計算式
cost-col-amount = 利用料金 ({ $currency })
cost-caption-uc1-eks = サンプルユースケース その1: EKS 利用時の月額 ({ $hours }時間) 料金イメージ
cost-caption-uc1-rosa = サンプルユースケース その1: ROSA 利用時の月額 ({ $hours }時間) 料金イメージ
cost-caption-uc2-eks = サンプルユースケース その2: EKS 利用時の月額 ({ $hours }時間) 料金イメージ
cost-caption-uc2-rosa = サンプルユースケース その2: ROSA 利用時の月額 ({ $hours }時間) 料金イメージ
cost-caption-uc1-eks-gp3-tokyo = サンプルユースケース その1: EKS 利用時の月額 ({ $hours }時間) 料金イメージ (gp3 は東京リージョンの価格)
cost-caption-uc1-rosa-gp3-tokyo = サンプルユースケース その1: ROSA 利用時の月額 ({ $hours }時間) 料金イメージ (gp3 は東京リージョンの価格)
cost-caption-uc2-eks-gp3-tokyo = サンプルユースケース その2: EKS 利用時の月額 ({ $hours }時間) 料金イメージ (gp3 は東京リージョンの価格)
cost-caption-uc2-rosa-gp3-tokyo = サンプルユースケース その2: ROSA 利用時の月額 ({ $hours }時間) 料金イメージ (gp3 は東京リージョンの価格)
cost-total-eks = EKS利用時の想定合計金額
cost-total-rosa = ROSA利用時の想定合計金額
cost-line-eks = EKS ({ $eks-cluster }/クラスター)
cost-line-ec2-workers = EC2 インスタンス (Worker) (m5.xlarge x{ $ec2-m5-xlarge-count }, { $ec2-m5-xlarge }、EBS(gp3): { $ebs-gp3-gb }GB, { $ebs-gp3 } ※gp3 は us-east-1 の価格)
cost-line-ec2-workers-gp3-tokyo = EC2 インスタンス (Worker) (m5.xlarge x{ $ec2-m5-xlarge-count }, { $ec2-m5-xlarge }、EBS(gp3): { $ebs-gp3-tokyo-gb }GB, { $ebs-gp3-tokyo } ※gp3 は東京リージョンの価格)
cost-line-cloud9 = Cloud9用 EC2インスタンス (共有環境 m5.large(2vCPU, メモリ8GB) x{ $ec2-m5-large-count }、EBS(gp3): { $ebs-gp3-gb }GB, { $ebs-gp3 } ※gp3 は us-east-1 の価格)
cost-line-cloud9-gp3-tokyo = Cloud9用 EC2インスタンス (共有環境 m5.large(2vCPU, メモリ8GB) x{ $ec2-m5-large-count }、EBS(gp3): { $ebs-gp3-tokyo-gb }GB, { $ebs-gp3-tokyo } ※gp3 は東京リージョンの価格)
cost-line-codebuild = CodeBuild (ビルド時間は月{ $codebuild-general-medium-hours }時間を想定、ビルド用インスタンス general1.medium (4vCPU, 7GB), { $codebuild-general-medium })
cost-line-ecr = ECR (計{ $ecr-storage-gb }GBのイメージ保存を想定 保存料金: { $ecr-storage })
cost-line-rosa = ROSA サービス料金 (Cluster fee: { $rosa-cluster }/クラスター Worker Node service fee: { $rosa-worker-4vcpu }/4vCPU)
cost-line-s3-registry = S3 (Internal Registryのバックエンド) (計{ $s3-standard-gb }GBのイメージ保存を想定 保存料金: { $s3-standard })
cost-line-cloudwatch = CloudWatch ({ $cloudwatch-logs-ingestion-gb }GB/月 のログサイズを想定 ログ収集: { $cloudwatch-logs-ingestion } ログ保存: { $cloudwatch-logs-storage })
cost-line-amp = AMP (料金ページの「Example 1 - EKS on EC2 and Kubernetes」を想定、メトリクスのストレージは 3.34GB)
cost-note-rounding = 各行の金額は1セント未満を四捨五入し、合計は四捨五入後の各行の和です。
cost-note-as-of = 価格は{ $date }時点。
cost-note-sources = 出典:
# Converted total (a [[rate]] in data/pricing.toml whose languages include ja): $from, $to,
# $rate (one $from in $to, formatted as money), $date (the rate's as_of).
cost-converted-JPY = 円換算の参考値 (仮定のレート 1 { $from } = { $rate })
cost-note-converted-JPY = 円換算は、為替レートを 1 { $from } = { $rate } と仮定して合計を換算し、1円未満を四捨五入した参考値です。この仮定のレートは実際の市場レートではありません。

## Comparisons

scenario-eks = EKS
scenario-rosa = ROSA
cost-compare-caption-uc1 = サンプルユースケース その1: EKS と ROSA の月額 ({ $hours }時間) 比較
cost-compare-caption-uc2 = サンプルユースケース その2: EKS と ROSA の月額 ({ $hours }時間) 比較
cost-compare-caption-uc1-gp3-tokyo = 参考: gp3 を東京リージョンの価格で計算した場合の月額 ({ $hours }時間) 比較
cost-compare-caption-uc2-gp3-tokyo = 参考: gp3 を東京リージョンの価格で計算した場合の月額 ({ $hours }時間) 比較
cost-col-platform = 利用サービス
cost-col-monthly-total = 月額合計 ({ $currency })
cost-compare-difference = 差額 ({ $versus } − { $base })
cost-diff-positive = +{ $amount }
cost-diff-negative = −{ $amount }
cost-diff-zero = { $amount }

## Lifecycle tables

lifecycle-eks-caption = EKS ライフサイクル ({ $date }時点)
lifecycle-rosa-caption = ROSA ライフサイクル ({ $date }時点)
lifecycle-col-kubernetes = Kubernetes バージョン
lifecycle-col-upstream-release = Upstream リリース
lifecycle-col-eks-release = EKS リリース
lifecycle-col-end-of-standard = EKS 標準サポート終了
lifecycle-col-end-of-extended = EKS 延長サポート終了
lifecycle-col-standard-span = 標準サポート期間
lifecycle-col-extended-span = 延長サポート期間
lifecycle-col-rosa-version = ROSA バージョン
lifecycle-col-rosa-release = ROSA リリース
lifecycle-col-end-of-life = ROSA サポート終了 (End of Life)
lifecycle-col-support-span = サポート期間
lifecycle-col-status = 状態 ({ $date }時点)
lifecycle-span = { $months }ヶ月{ $days ->
    [0] {""}
   *[other] { $days }日
}
lifecycle-status-supported = サポート中
lifecycle-status-extended = 延長サポート中
lifecycle-status-ended = サポート終了
lifecycle-note-status = 状態は{ $date }時点のものです。
lifecycle-note-extended = 延長サポート期間中はクラスター料金が { $factor } 倍 ({ $fee }/クラスター) になります。
lifecycle-note-source = 出典:

## Charts (```cost-chart```, ```lifecycle-chart```): legends, tooltips and the figures in <desc>

cost-short-eks = EKS
cost-short-ec2-workers = EC2 Worker + EBS
cost-short-cloud9 = Cloud9 (EC2 + EBS)
cost-short-codebuild = CodeBuild
cost-short-ecr = ECR
cost-short-rosa = ROSA サービス料金
cost-short-s3-registry = S3 (レジストリ)
cost-short-cloudwatch = CloudWatch
cost-short-amp = AMP
chart-list-separator = 、
chart-segment = { $label }: { $amount }
chart-cost-bar = { $name }: 月額 { $total } ({ $lines })。
chart-phase = { $status }: { $from }から{ $to }まで
chart-lifecycle-row = { $name }: { $phases }。
chart-as-of = { $date }時点
chart-year = { $year }年

## Data dates (```data-as-of```)

data-as-of = 価格は{ $pricing }時点、ライフサイクルは{ $lifecycle }時点のデータです。
