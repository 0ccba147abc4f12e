/** The stylesheet is imported for the bundler, which writes it next to the script. */
declare module '*.css';
