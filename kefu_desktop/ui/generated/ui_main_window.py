# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'main_window.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QMenu, QMenuBar, QPushButton, QSizePolicy, QSpacerItem, QSplitter, QStatusBar, QTabWidget, QTableView, QTextBrowser, QToolBar, QTreeWidget, QVBoxLayout, QWidget

class Ui_MainWindow(object):
    def setupUi(self, MainWindow):
        if not MainWindow.objectName():
            MainWindow.setObjectName(u"MainWindow")
        MainWindow.resize(1360, 820)
        self.actionStaff = QAction(MainWindow)
        self.actionStaff.setObjectName(u"actionStaff")
        self.actionArchiveRoot = QAction(MainWindow)
        self.actionArchiveRoot.setObjectName(u"actionArchiveRoot")
        self.actionQuit = QAction(MainWindow)
        self.actionQuit.setObjectName(u"actionQuit")
        self.actionNewWrongShipment = QAction(MainWindow)
        self.actionNewWrongShipment.setObjectName(u"actionNewWrongShipment")
        self.actionNewDamagedParcel = QAction(MainWindow)
        self.actionNewDamagedParcel.setObjectName(u"actionNewDamagedParcel")
        self.actionNewQuality = QAction(MainWindow)
        self.actionNewQuality.setObjectName(u"actionNewQuality")
        self.actionRefresh = QAction(MainWindow)
        self.actionRefresh.setObjectName(u"actionRefresh")
        self.actionFocusSearch = QAction(MainWindow)
        self.actionFocusSearch.setObjectName(u"actionFocusSearch")
        self.actionAbout = QAction(MainWindow)
        self.actionAbout.setObjectName(u"actionAbout")
        self.centralWidget = QWidget(MainWindow)
        self.centralWidget.setObjectName(u"centralWidget")
        self.centralLayout = QVBoxLayout(self.centralWidget)
        self.centralLayout.setSpacing(6)
        self.centralLayout.setObjectName(u"centralLayout")
        self.centralLayout.setContentsMargins(8, 8, 8, 4)
        self.viewTabs = QTabWidget(self.centralWidget)
        self.viewTabs.setObjectName(u"viewTabs")
        self.viewTabs.setDocumentMode(True)
        self.casesPage = QWidget()
        self.casesPage.setObjectName(u"casesPage")
        self.casesLayout = QVBoxLayout(self.casesPage)
        self.casesLayout.setSpacing(6)
        self.casesLayout.setObjectName(u"casesLayout")
        self.casesLayout.setContentsMargins(0, 6, 0, 0)
        self.searchLayout = QHBoxLayout()
        self.searchLayout.setSpacing(8)
        self.searchLayout.setObjectName(u"searchLayout")
        self.searchEdit = QLineEdit(self.casesPage)
        self.searchEdit.setObjectName(u"searchEdit")
        self.searchEdit.setMinimumWidth(340)
        self.searchEdit.setClearButtonEnabled(True)

        self.searchLayout.addWidget(self.searchEdit)

        self.kindCombo = QComboBox(self.casesPage)
        self.kindCombo.setObjectName(u"kindCombo")

        self.searchLayout.addWidget(self.kindCombo)

        self.stateCombo = QComboBox(self.casesPage)
        self.stateCombo.setObjectName(u"stateCombo")

        self.searchLayout.addWidget(self.stateCombo)

        self.handlerCombo = QComboBox(self.casesPage)
        self.handlerCombo.setObjectName(u"handlerCombo")

        self.searchLayout.addWidget(self.handlerCombo)

        self.dateCheck = QCheckBox(self.casesPage)
        self.dateCheck.setObjectName(u"dateCheck")

        self.searchLayout.addWidget(self.dateCheck)

        self.fromDate = QDateEdit(self.casesPage)
        self.fromDate.setObjectName(u"fromDate")
        self.fromDate.setCalendarPopup(True)

        self.searchLayout.addWidget(self.fromDate)

        self.toLabel = QLabel(self.casesPage)
        self.toLabel.setObjectName(u"toLabel")

        self.searchLayout.addWidget(self.toLabel)

        self.toDate = QDateEdit(self.casesPage)
        self.toDate.setObjectName(u"toDate")
        self.toDate.setCalendarPopup(True)

        self.searchLayout.addWidget(self.toDate)

        self.attentionCheck = QCheckBox(self.casesPage)
        self.attentionCheck.setObjectName(u"attentionCheck")

        self.searchLayout.addWidget(self.attentionCheck)

        self.clearFiltersButton = QPushButton(self.casesPage)
        self.clearFiltersButton.setObjectName(u"clearFiltersButton")

        self.searchLayout.addWidget(self.clearFiltersButton)

        self.searchSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.searchLayout.addItem(self.searchSpacer)


        self.casesLayout.addLayout(self.searchLayout)

        self.splitter = QSplitter(self.casesPage)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.caseTable = QTableView(self.splitter)
        self.caseTable.setObjectName(u"caseTable")
        self.caseTable.setAlternatingRowColors(True)
        self.caseTable.setSelectionMode(QAbstractItemView.SingleSelection)
        self.caseTable.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.caseTable.setSortingEnabled(False)
        self.caseTable.setWordWrap(False)
        self.splitter.addWidget(self.caseTable)
        self.detailPane = QWidget(self.splitter)
        self.detailPane.setObjectName(u"detailPane")
        self.detailLayout = QVBoxLayout(self.detailPane)
        self.detailLayout.setObjectName(u"detailLayout")
        self.detailLayout.setContentsMargins(0, 0, 0, 0)
        self.detailTitle = QLabel(self.detailPane)
        self.detailTitle.setObjectName(u"detailTitle")
        self.detailTitle.setStyleSheet(u"font-size: 13pt; font-weight: 600; padding: 4px 2px;")

        self.detailLayout.addWidget(self.detailTitle)

        self.caseActionsLayout = QHBoxLayout()
        self.caseActionsLayout.setObjectName(u"caseActionsLayout")
        self.firstReplyButton = QPushButton(self.detailPane)
        self.firstReplyButton.setObjectName(u"firstReplyButton")

        self.caseActionsLayout.addWidget(self.firstReplyButton)

        self.changeStateButton = QPushButton(self.detailPane)
        self.changeStateButton.setObjectName(u"changeStateButton")

        self.caseActionsLayout.addWidget(self.changeStateButton)

        self.actionsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.caseActionsLayout.addItem(self.actionsSpacer)


        self.detailLayout.addLayout(self.caseActionsLayout)

        self.detailTabs = QTabWidget(self.detailPane)
        self.detailTabs.setObjectName(u"detailTabs")
        self.infoTab = QWidget()
        self.infoTab.setObjectName(u"infoTab")
        self.infoLayout = QVBoxLayout(self.infoTab)
        self.infoLayout.setObjectName(u"infoLayout")
        self.detailBrowser = QTextBrowser(self.infoTab)
        self.detailBrowser.setObjectName(u"detailBrowser")
        self.detailBrowser.setOpenExternalLinks(False)

        self.infoLayout.addWidget(self.detailBrowser)

        self.detailTabs.addTab(self.infoTab, "")
        self.historyTab = QWidget()
        self.historyTab.setObjectName(u"historyTab")
        self.historyLayout = QVBoxLayout(self.historyTab)
        self.historyLayout.setObjectName(u"historyLayout")
        self.historyTree = QTreeWidget(self.historyTab)
        self.historyTree.setObjectName(u"historyTree")
        self.historyTree.setRootIsDecorated(False)
        self.historyTree.setAlternatingRowColors(True)

        self.historyLayout.addWidget(self.historyTree)

        self.detailTabs.addTab(self.historyTab, "")

        self.detailLayout.addWidget(self.detailTabs)

        self.splitter.addWidget(self.detailPane)

        self.casesLayout.addWidget(self.splitter)

        self.viewTabs.addTab(self.casesPage, "")

        self.centralLayout.addWidget(self.viewTabs)

        MainWindow.setCentralWidget(self.centralWidget)
        self.menuBar = QMenuBar(MainWindow)
        self.menuBar.setObjectName(u"menuBar")
        self.fileMenu = QMenu(self.menuBar)
        self.fileMenu.setObjectName(u"fileMenu")
        self.caseMenu = QMenu(self.menuBar)
        self.caseMenu.setObjectName(u"caseMenu")
        self.helpMenu = QMenu(self.menuBar)
        self.helpMenu.setObjectName(u"helpMenu")
        MainWindow.setMenuBar(self.menuBar)
        self.toolBar = QToolBar(MainWindow)
        self.toolBar.setObjectName(u"toolBar")
        self.toolBar.setMovable(False)
        self.toolBar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        MainWindow.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolBar)
        self.statusBar = QStatusBar(MainWindow)
        self.statusBar.setObjectName(u"statusBar")
        MainWindow.setStatusBar(self.statusBar)

        self.menuBar.addAction(self.fileMenu.menuAction())
        self.menuBar.addAction(self.caseMenu.menuAction())
        self.menuBar.addAction(self.helpMenu.menuAction())
        self.fileMenu.addAction(self.actionStaff)
        self.fileMenu.addAction(self.actionArchiveRoot)
        self.fileMenu.addSeparator()
        self.fileMenu.addAction(self.actionQuit)
        self.caseMenu.addAction(self.actionNewWrongShipment)
        self.caseMenu.addAction(self.actionNewDamagedParcel)
        self.caseMenu.addAction(self.actionNewQuality)
        self.caseMenu.addSeparator()
        self.caseMenu.addAction(self.actionRefresh)
        self.caseMenu.addAction(self.actionFocusSearch)
        self.helpMenu.addAction(self.actionAbout)
        self.toolBar.addAction(self.actionNewWrongShipment)
        self.toolBar.addAction(self.actionNewDamagedParcel)
        self.toolBar.addAction(self.actionNewQuality)
        self.toolBar.addSeparator()
        self.toolBar.addAction(self.actionRefresh)

        self.retranslateUi(MainWindow)

        QMetaObject.connectSlotsByName(MainWindow)
    # setupUi

    def retranslateUi(self, MainWindow):
        MainWindow.setWindowTitle(QCoreApplication.translate("MainWindow", u"\u552e\u540e\u5de5\u4f5c\u53f0", None))
        self.actionStaff.setText(QCoreApplication.translate("MainWindow", u"\u5458\u5de5\u8d26\u53f7\u2026", None))
        self.actionArchiveRoot.setText(QCoreApplication.translate("MainWindow", u"\u8bc1\u636e\u7167\u7247\u5f52\u6863\u4f4d\u7f6e\u2026", None))
        self.actionQuit.setText(QCoreApplication.translate("MainWindow", u"\u9000\u51fa(&Q)", None))
#if QT_CONFIG(shortcut)
        self.actionQuit.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+Q", None))
#endif // QT_CONFIG(shortcut)
        self.actionNewWrongShipment.setText(QCoreApplication.translate("MainWindow", u"\u65b0\u5efa \u53d1\u9519\u8d27", None))
#if QT_CONFIG(shortcut)
        self.actionNewWrongShipment.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+1", None))
#endif // QT_CONFIG(shortcut)
        self.actionNewDamagedParcel.setText(QCoreApplication.translate("MainWindow", u"\u65b0\u5efa \u7834\u5305", None))
#if QT_CONFIG(shortcut)
        self.actionNewDamagedParcel.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+2", None))
#endif // QT_CONFIG(shortcut)
        self.actionNewQuality.setText(QCoreApplication.translate("MainWindow", u"\u65b0\u5efa \u8d28\u91cf\u95ee\u9898", None))
#if QT_CONFIG(shortcut)
        self.actionNewQuality.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+3", None))
#endif // QT_CONFIG(shortcut)
        self.actionRefresh.setText(QCoreApplication.translate("MainWindow", u"\u5237\u65b0", None))
#if QT_CONFIG(shortcut)
        self.actionRefresh.setShortcut(QCoreApplication.translate("MainWindow", u"F5", None))
#endif // QT_CONFIG(shortcut)
        self.actionFocusSearch.setText(QCoreApplication.translate("MainWindow", u"\u641c\u7d22", None))
#if QT_CONFIG(shortcut)
        self.actionFocusSearch.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+F", None))
#endif // QT_CONFIG(shortcut)
        self.actionAbout.setText(QCoreApplication.translate("MainWindow", u"\u5173\u4e8e\u552e\u540e\u5de5\u4f5c\u53f0", None))
        self.searchEdit.setPlaceholderText(QCoreApplication.translate("MainWindow", u"\u641c\u7d22 \u4e70\u5bb6ID / \u8ba2\u5355\u53f7 / \u8fd0\u5355\u53f7 / \u552e\u540e\u5355\u53f7\uff08\u53ef\u76f4\u63a5\u626b\u7801\uff09", None))
#if QT_CONFIG(tooltip)
        self.kindCombo.setToolTip(QCoreApplication.translate("MainWindow", u"\u552e\u540e\u7c7b\u578b", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(tooltip)
        self.stateCombo.setToolTip(QCoreApplication.translate("MainWindow", u"\u72b6\u6001", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(tooltip)
        self.handlerCombo.setToolTip(QCoreApplication.translate("MainWindow", u"\u5904\u7406\u4eba", None))
#endif // QT_CONFIG(tooltip)
        self.dateCheck.setText(QCoreApplication.translate("MainWindow", u"\u53d7\u7406\u65e5\u671f", None))
        self.fromDate.setDisplayFormat(QCoreApplication.translate("MainWindow", u"yyyy-MM-dd", None))
        self.toLabel.setText(QCoreApplication.translate("MainWindow", u"\u81f3", None))
        self.toDate.setDisplayFormat(QCoreApplication.translate("MainWindow", u"yyyy-MM-dd", None))
        self.attentionCheck.setText(QCoreApplication.translate("MainWindow", u"\u53ea\u770b\u5f85\u6211\u5173\u6ce8", None))
        self.clearFiltersButton.setText(QCoreApplication.translate("MainWindow", u"\u6e05\u9664\u7b5b\u9009", None))
        self.detailTitle.setText(QCoreApplication.translate("MainWindow", u"\u9009\u62e9\u5de6\u4fa7\u7684\u552e\u540e\u5355\u67e5\u770b\u8be6\u60c5", None))
        self.firstReplyButton.setText(QCoreApplication.translate("MainWindow", u"\u8bb0\u5f55\u9996\u6b21\u56de\u590d", None))
        self.changeStateButton.setText(QCoreApplication.translate("MainWindow", u"\u66f4\u6539\u72b6\u6001\u2026", None))
        self.detailTabs.setTabText(self.detailTabs.indexOf(self.infoTab), QCoreApplication.translate("MainWindow", u"\u8be6\u60c5", None))
        ___qtreewidgetitem = self.historyTree.headerItem()
        ___qtreewidgetitem.setText(4, QCoreApplication.translate("MainWindow", u"\u8bf4\u660e", None))
        ___qtreewidgetitem.setText(3, QCoreApplication.translate("MainWindow", u"\u72b6\u6001", None))
        ___qtreewidgetitem.setText(2, QCoreApplication.translate("MainWindow", u"\u64cd\u4f5c", None))
        ___qtreewidgetitem.setText(1, QCoreApplication.translate("MainWindow", u"\u64cd\u4f5c\u4eba", None))
        ___qtreewidgetitem.setText(0, QCoreApplication.translate("MainWindow", u"\u65f6\u95f4", None))
        self.detailTabs.setTabText(self.detailTabs.indexOf(self.historyTab), QCoreApplication.translate("MainWindow", u"\u5904\u7406\u8bb0\u5f55", None))
        self.viewTabs.setTabText(self.viewTabs.indexOf(self.casesPage), QCoreApplication.translate("MainWindow", u"\u552e\u540e\u5355", None))
        self.fileMenu.setTitle(QCoreApplication.translate("MainWindow", u"\u6587\u4ef6(&F)", None))
        self.caseMenu.setTitle(QCoreApplication.translate("MainWindow", u"\u552e\u540e\u5355(&C)", None))
        self.helpMenu.setTitle(QCoreApplication.translate("MainWindow", u"\u5e2e\u52a9(&H)", None))
        self.toolBar.setWindowTitle(QCoreApplication.translate("MainWindow", u"\u5de5\u5177\u680f", None))
    # retranslateUi
