# Strings the templates print (English). Data/table labels live in data.ftl.
language-name = English
skip-to-slides = Skip to slides
skip-to-content = Skip to content
nav-views = Views
view-deck = Slides
view-doc = Document
nav-home = Home
nav-controls = Slide controls
nav-prev = Previous slide
nav-next = Next slide
nav-overview = Overview
nav-fullscreen = Fullscreen
slide-label = Slide { $n } of { $total }: { $title }
doc-title = { $title } (document)
toc = Contents
open-in-deck = Show slide { $n }

## Locale formats
number-group-separator = ,
number-decimal-separator = .
money-USD = ${ $amount }
date-long = { $month ->
    [1] Jan
    [2] Feb
    [3] Mar
    [4] Apr
    [5] May
    [6] Jun
    [7] Jul
    [8] Aug
    [9] Sep
    [10] Oct
    [11] Nov
   *[12] Dec
} { $day }, { $year }

## Presenter view
presenter-title = { $title } (presenter view)
presenter-notes = Speaker notes
presenter-no-notes = No notes for this slide.
