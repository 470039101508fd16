### Computed tables (src/markdown/directive.rs): cost tables, comparisons and lifecycles.
### Every number comes from data/*.toml as an argument: prices arrive formatted with their unit as
### { $<price-id> } (e.g. { $eks-cluster } = "$0.10/hour"), quantities as { $<price-id>-gb },
### { $<price-id>-count } and { $<price-id>-hours }.

## Units and prices

unit-hour = hour
unit-gb-month = GB-month
unit-gb = GB
unit-month = month
price-per-unit = { $price }/{ $unit }

## Cost tables

cost-col-service = AWS service
cost-col-formula = Formula
cost-col-amount = Monthly cost ({ $currency })
cost-caption-uc1-eks = Sample use case 1: monthly cost ({ $hours } hours) with EKS
cost-caption-uc1-rosa = Sample use case 1: monthly cost ({ $hours } hours) with ROSA
cost-caption-uc2-eks = Sample use case 2: monthly cost ({ $hours } hours) with EKS
cost-caption-uc2-rosa = Sample use case 2: monthly cost ({ $hours } hours) with ROSA
cost-caption-uc1-eks-gp3-tokyo = Sample use case 1: monthly cost ({ $hours } hours) with EKS, gp3 at the Tokyo price
cost-caption-uc1-rosa-gp3-tokyo = Sample use case 1: monthly cost ({ $hours } hours) with ROSA, gp3 at the Tokyo price
cost-caption-uc2-eks-gp3-tokyo = Sample use case 2: monthly cost ({ $hours } hours) with EKS, gp3 at the Tokyo price
cost-caption-uc2-rosa-gp3-tokyo = Sample use case 2: monthly cost ({ $hours } hours) with ROSA, gp3 at the Tokyo price
cost-total-eks = Estimated total with EKS
cost-total-rosa = Estimated total with ROSA
cost-line-eks = EKS ({ $eks-cluster }/cluster)
cost-line-ec2-workers = EC2 worker instances (m5.xlarge x{ $ec2-m5-xlarge-count }, { $ec2-m5-xlarge }; EBS gp3: { $ebs-gp3-gb } GB each, { $ebs-gp3 }, the us-east-1 price)
cost-line-ec2-workers-gp3-tokyo = EC2 worker instances (m5.xlarge x{ $ec2-m5-xlarge-count }, { $ec2-m5-xlarge }; EBS gp3: { $ebs-gp3-tokyo-gb } GB each, { $ebs-gp3-tokyo }, the Tokyo price)
cost-line-cloud9 = EC2 instances for Cloud9 (shared environments, m5.large (2 vCPU, 8 GB memory) x{ $ec2-m5-large-count }; EBS gp3: { $ebs-gp3-gb } GB each, { $ebs-gp3 }, the us-east-1 price)
cost-line-cloud9-gp3-tokyo = EC2 instances for Cloud9 (shared environments, m5.large (2 vCPU, 8 GB memory) x{ $ec2-m5-large-count }; EBS gp3: { $ebs-gp3-tokyo-gb } GB each, { $ebs-gp3-tokyo }, the Tokyo price)
cost-line-codebuild = CodeBuild ({ $codebuild-general-medium-hours } build hours a month on general1.medium (4 vCPU, 7 GB), { $codebuild-general-medium })
cost-line-ecr = ECR ({ $ecr-storage-gb } GB of images stored, { $ecr-storage })
cost-line-rosa = ROSA service fees (cluster fee: { $rosa-cluster }/cluster; worker node service fee: { $rosa-worker-4vcpu }/4 vCPU)
cost-line-s3-registry = S3 (internal registry backend) ({ $s3-standard-gb } GB of images stored, { $s3-standard })
cost-line-cloudwatch = CloudWatch ({ $cloudwatch-logs-ingestion-gb } GB of logs a month; ingestion { $cloudwatch-logs-ingestion }, storage { $cloudwatch-logs-storage })
cost-line-amp = AMP (the pricing page's "Example 1 - EKS on EC2 and Kubernetes", 3.34 GB of metrics storage)
cost-note-rounding = Each line is rounded to the cent, halves away from zero; the total is the sum of the rounded lines.
cost-note-as-of = Prices as of { $date }.
cost-note-sources = Sources:
# Converted total (a [[rate]] in data/pricing.toml whose languages include en): $from, $to,
# $rate (one $from in $to, formatted as money), $date (the rate's as_of).
cost-converted-JPY = In yen, for reference (at an assumed 1 { $from } = { $rate })
cost-note-converted-JPY = The yen figure converts the total at an assumed rate of 1 { $from } = { $rate }, rounded to the yen. The rate is an assumption for this deck, not a market rate.

## Comparisons

scenario-eks = EKS
scenario-rosa = ROSA
cost-compare-caption-uc1 = Sample use case 1: EKS and ROSA monthly cost ({ $hours } hours) compared
cost-compare-caption-uc2 = Sample use case 2: EKS and ROSA monthly cost ({ $hours } hours) compared
cost-compare-caption-uc1-gp3-tokyo = For reference: the same comparison ({ $hours } hours) with gp3 at the Tokyo price
cost-compare-caption-uc2-gp3-tokyo = For reference: the same comparison ({ $hours } hours) with gp3 at the Tokyo price
cost-col-platform = Platform
cost-col-monthly-total = Monthly total ({ $currency })
cost-compare-difference = Difference ({ $versus } − { $base })
cost-diff-positive = +{ $amount }
cost-diff-negative = −{ $amount }
cost-diff-zero = { $amount }

## Lifecycle tables

lifecycle-eks-caption = EKS lifecycle (as of { $date })
lifecycle-rosa-caption = ROSA lifecycle (as of { $date })
lifecycle-col-kubernetes = Kubernetes version
lifecycle-col-upstream-release = Upstream release
lifecycle-col-eks-release = EKS release
lifecycle-col-end-of-standard = End of EKS standard support
lifecycle-col-end-of-extended = End of EKS extended support
lifecycle-col-standard-span = Standard support
lifecycle-col-extended-span = Extended support
lifecycle-col-rosa-version = ROSA version
lifecycle-col-rosa-release = ROSA release
lifecycle-col-end-of-life = ROSA end of life
lifecycle-col-support-span = Support
lifecycle-col-status = Status (as of { $date })
lifecycle-span = { $months ->
    [one] 1 month
   *[other] { $months } months
}{ $days ->
    [0] {""}
    [one] {" "}1 day
   *[other] {" "}{ $days } days
}
lifecycle-status-supported = Supported
lifecycle-status-extended = Extended support
lifecycle-status-ended = Ended
lifecycle-note-status = Status as of { $date }.
lifecycle-note-extended = During extended support the cluster fee is multiplied by { $factor } ({ $fee }/cluster).
lifecycle-note-source = Source:

## Charts (```cost-chart```, ```lifecycle-chart```): legends, tooltips and the figures in <desc>

cost-short-eks = EKS
cost-short-ec2-workers = EC2 workers + EBS
cost-short-cloud9 = Cloud9 (EC2 + EBS)
cost-short-codebuild = CodeBuild
cost-short-ecr = ECR
cost-short-rosa = ROSA service fees
cost-short-s3-registry = S3 (registry)
cost-short-cloudwatch = CloudWatch
cost-short-amp = AMP
chart-list-separator = { "; " }
chart-segment = { $label }: { $amount }
chart-cost-bar = { $name }: { $total } a month ({ $lines }).
chart-phase = { $status }: { $from } to { $to }
chart-lifecycle-row = { $name }: { $phases }.
chart-as-of = As of { $date }
chart-year = { $year }

## Data dates (```data-as-of```)

data-as-of = Prices as of { $pricing }; lifecycles as of { $lifecycle }.
