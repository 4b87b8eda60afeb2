// Plots and tables for notebooks: builders return plotly figures, show() draws them.
export { Figure, Trace, NumberList, TextList, ValuesLike, PALETTE } from "./figure";
export { ColorStops } from "./colorscales";
export * from "./builders";
export { show, ShowOptions, loadPlotly, inNotebook, writeFigureHtml, figureHtml, figurePage } from "./show";
export * from "./table";
