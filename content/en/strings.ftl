# Strings the templates print (English). Data/table labels live in data.ftl.
language-name = English
skip-to-slides = Skip to slides
skip-to-content = Skip to content
nav-views = Views
view-deck = Slides
view-doc = Document
view-pdf = PDF
view-pptx = PowerPoint
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
money-JPY = ¥{ $amount }
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
presenter-current = Current slide
presenter-next = Next slide
presenter-next-step = Next: the same slide, one more item
presenter-end = End of the deck
presenter-reference = Reference: { $language }
presenter-step = item { $n } of { $total }
presenter-timer = Elapsed time
presenter-timer-start = Start
presenter-timer-pause = Pause
presenter-timer-reset = Reset
presenter-clock = Clock
presenter-controls = Presenter controls
presenter-open-audience = Open audience window
presenter-switch-audience = Switch audience language
presenter-audience-none = No audience window connected
presenter-audience = Audience window: { $language }

## Keyboard help, go-to prompt
nav-presenter = Presenter view
nav-help = Keyboard shortcuts
help-title = Keyboard shortcuts
help-keys = Keys
help-action = Action
help-close = Close
help-next = Next item or next slide
help-prev = Previous item or previous slide
help-first-last = First or last slide
help-number = Go to a slide by number: type the digits, then Enter
help-goto = Go to a slide: opens a prompt for its number
help-overview = Overview of all slides (arrow keys and Enter pick one)
help-fullscreen = Fullscreen on or off
help-presenter = Open the presenter view in a second window (notes, timer, next slide)
help-language = Switch the language, staying on the same slide
help-help = Show or hide this help
help-escape = Close the help, the prompt or the overview
help-audience-language = Switch the audience window's language, staying on the same slide
help-timer-toggle = Start or pause the timer
help-timer-reset = Reset the timer
help-notes-scroll = With the notes focused: scroll the notes
key-space = Space
key-enter = Enter
key-esc = Esc
key-home = Home
key-end = End
key-pageup = PageUp
key-pagedown = PageDown
key-backspace = Backspace
key-shift = Shift
goto-title = Go to slide
goto-label = Slide number (1–{ $total })
goto-submit = Go
goto-cancel = Cancel
goto-invalid = Enter a slide number from 1 to { $total }.
phone-rotate = Turn your phone sideways to see the slides full size.
phone-doc = Read as a document
phone-show = Show the slide anyway
