// Plots and tables for notebooks: builders return plotly figures, show() draws them, showTable()
// shows arrays of records or DataFrames.
export { PALETTE } from "./figure";
export type { Figure, Trace, NumberList, TextList, ValuesLike } from "./figure";
export { parityPlot, parityPlots, learningCurvePlot, scatterPlot, histogramPlot, heatmapPlot, confusionMatrixPlot, rocPlot, linePlot, barPlot, imageGrid, gpPlot } from "./builders";
export type { ParitySet, ParityOptions, ScatterOptions, HistogramOptions, HeatmapOptions, ConfusionMatrixPlotOptions, RocPlotCurve, RocPlotOptions, LineSeries, LineOptions, BarOptions, ImageGridOptions, GpPlotOptions } from "./builders";
export { show, inNotebook, writeFigureHtml } from "./show";
export type { ShowOptions } from "./show";
export { showTable, showMarkdown, tableText } from "./table";
export type { TableOptions } from "./table";
